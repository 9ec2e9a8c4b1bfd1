// Types of Tiddly's JavaScript client (tiddly.js). GET /_client.d.ts answers this file with the
// tables the caller's role may read written in below (Tables); this copy in the repository has none.
// Save it beside a vendored tiddly.js as tiddly.d.ts, and an editor completes table and column names.

/** Credentials and settings of connect(): one of token, apiKey and basic. */
export interface ConnectOptions {
  token?: string;
  apiKey?: string;
  basic?: [string, string];
  /** Gives a new token when the current one expires (db.login sets one by itself). */
  renew?: () => Promise<string>;
  /** How often a safe request or a write (each sends an Idempotency-Key) is retried on 503 or when no answer came (default 3). */
  retries?: number;
  /** The longest Retry-After honoured, in seconds (default 30). */
  maxRetryWait?: number;
  fetch?: typeof fetch;
}

export declare class TiddlyError extends Error {
  /** The HTTP status, or 0 for an error found by the client before any request. */
  status: number;
  /** A stable code of docs/errors.md. */
  code: string;
  details: Record<string, string> | null;
  requestId: string | null;
  data: unknown;
  /** With a 412: the row as it is now. */
  current: Row<any> | null;
  /** Whether the row changed since it was read (412). */
  readonly conflict: boolean;
}

type Scalar = string | number | boolean | null;
export type Operators<V> = {
  eq?: V | null; ne?: V | null; gt?: V; gte?: V; lt?: V; lte?: V; in?: V[]; nin?: V[];
  like?: string; ilike?: string; is?: null | boolean; search?: string; contains?: unknown; path?: (string | number)[];
};
/** A where object (docs/API.md#where): columns, and, or, not, and relations with has. */
export type Where<R> = { [C in keyof R]?: R[C] | Operators<R[C]> } & {
  and?: Where<R>[]; or?: Where<R>[]; not?: Where<R>;
  [relation: string]: unknown;
};
export type Aggregate = { count?: string; sum?: string; avg?: string; min?: string; max?: string; as?: string };

export interface LiveEvent<R> {
  type: "snapshot" | "ready" | "insert" | "update" | "delete" | "reset" | "error";
  row: Row<R> | null;
  id: string | null;
  reason?: "deleted" | "left" | null;
  error?: unknown;
}

export interface Subscription<R> extends AsyncIterable<LiveEvent<R>> {
  /** Resolves at the first ready event. */
  readonly ready: Promise<Subscription<R>>;
  readonly lastEventId: string | null;
  close(): void;
}

export interface Query<R, C extends string = string & keyof R> extends AsyncIterable<Row<R>> {
  where(filter: Where<R>): Query<R, C>;
  select(...columns: (C | Aggregate | "_rank")[]): Query<R, C>;
  orderBy(...terms: string[]): Query<R, C>;
  embed(...relations: (string | Record<string, object>)[]): Query<R, C>;
  groupBy(...columns: C[]): Query<R, C>;
  having(filter: Record<string, unknown>): Query<R, C>;
  distinct(on?: boolean): Query<R, C>;
  limit(n: number): Query<R, C>;
  offset(n: number): Query<R, C>;
  pageSize(n: number): Query<R, C>;
  body(): Record<string, unknown>;
  all(): Promise<Row<R>[]>;
  first(): Promise<Row<R> | null>;
  one(): Promise<Row<R>>;
  count(): Promise<number>;
  subscribe(callback?: (event: LiveEvent<R>) => void, options?: { snapshot?: boolean; retry?: number }): Subscription<R>;
}

export interface RowMethods<R> {
  save(): Promise<this>;
  delete(): Promise<void>;
  refresh(): Promise<this>;
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  changes(): string[];
  toJSON(): R;
  readonly etag: string | null;
  readonly isNew: boolean;
}
export type Row<R> = R & RowMethods<R> & Record<string, unknown>;

export interface Table<R, K> extends Query<R> {
  get(key: K): Promise<Row<R>>;
  /** A new record, not saved yet ("new" is quoted: unquoted it would declare a constructor). */
  "new"(values?: Partial<R> & Record<string, unknown>): Row<R>;
  create(values: Partial<R> & Record<string, unknown>): Promise<Row<R>>;
  update(key: K, changes: Partial<R>, options?: { ifMatch?: string }): Promise<Row<R>>;
  delete(key: K, options?: { ifMatch?: string }): Promise<Row<R>>;
}

export interface DbMethods {
  readonly url: string;
  readonly token: string | null;
  readonly tables: string[];
  table(name: string): Table<any, any>;
  login(email: string, password: string, options?: { renew?: boolean }): Promise<{ token: string; expires_at: string }>;
  logout(): Promise<void>;
  renew(): Promise<boolean>;
  reload(): Promise<this>;
  save(...records: Row<any>[]): Promise<Row<any>[]>;
}

// @tables
export interface Tables {}

export type Db = Tables & DbMethods;
export declare function connect(url: string, options?: ConnectOptions): Promise<Db>;
