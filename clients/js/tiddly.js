// Tiddly's JavaScript client: one ES module, no dependencies, for browsers and Node 18+.
//
//   import {connect} from "http://127.0.0.1:4567/_client.js";   // or a vendored copy of this file
//   const db = await connect("http://127.0.0.1:4567", {token});   // or {apiKey}, {basic: [user, pass]}
//   const books = await db.book.where({genre: "sf"}).orderBy("year desc").limit(20).all();
//   books[0].title = "New title"; await books[0].save();          // only the changed column, with If-Match
//
// The requests it sends are the ones docs/API.md documents; docs/clients.md describes this API and
// the decisions behind it. Types for an editor: GET /_client.d.ts, written from the live schema.

/** Words a where object uses that are not columns. */
const LOGICAL = new Set(["and", "or", "not"]);
const AGGREGATES = ["count", "sum", "avg", "min", "max"];
const SAFE = new Set(["GET", "HEAD", "QUERY", "FETCH"]);
/** Record members that win over a column of the same name (reach such a column with get and set). */
const RECORD_MEMBERS = new Set(["save", "delete", "refresh", "get", "set", "changes", "toJSON", "etag", "isNew", "table",
  "key", "references", "operation", "saved"]);
/** Db members that win over a table of the same name (reach such a table with db.table(name)). */
const DB_MEMBERS = new Set(["login", "logout", "renew", "save", "table", "tables", "url", "token", "request", "headers", "error", "reload", "fetch"]);

/**
 * The one error class: every failure, from the server (its envelope) or found here before any
 * request (an unknown column: status 0), has a stable code.
 */
export class TiddlyError extends Error {
  /**
   * @param {number} status the HTTP status, or 0 for an error found by the client itself
   * @param {string} code a stable code (docs/errors.md)
   * @param {string} message
   * @param {{details?: object, requestId?: string, data?: any, current?: any}} [more]
   */
  constructor(status, code, message, more = {}) {
    super(message);
    this.name = "TiddlyError";
    this.status = status;
    this.code = code;
    this.details = more.details ?? null;
    this.requestId = more.requestId ?? null;
    /** The envelope's data: a failed batch's {index}, a 412's current row. */
    this.data = more.data ?? null;
    /** With a 412 (code etag_mismatch): the row as it is now on the server, as a record, when the role may read it. */
    this.current = more.current ?? null;
  }

  /** Whether the row changed since it was read (HTTP 412). */
  get conflict() {
    return this.status === 412;
  }
}

function clientError(code, message, details) {
  return new TiddlyError(0, code, message, {details});
}

const sleep = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => { clearTimeout(timer); resolve(); }, {once: true});
  });

/** The seconds a Retry-After header asks for (seconds or an HTTP date), bounded; 1 when it says nothing. */
function retryAfter(header, maxSeconds) {
  let seconds = 1;
  if (header != null && /^\d+$/.test(header.trim())) {
    seconds = Number(header.trim());
  } else if (header != null && !Number.isNaN(Date.parse(header))) {
    seconds = Math.max(0, (Date.parse(header) - Date.now()) / 1000);
  }
  return Math.min(seconds, maxSeconds);
}

/** A new random UUID: crypto.randomUUID where the page is a secure context, else from getRandomValues. */
function newIdempotencyKey() {
  if (typeof globalThis.crypto?.randomUUID === "function") return globalThis.crypto.randomUUID();
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * When a JWT should be renewed, in epoch milliseconds, or null: 30 s before its exp claim, or a
 * tenth of its lifetime before when that is shorter (a token of 4 s is not renewed on every call).
 */
function renewalTime(token) {
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const claims = JSON.parse(atob(part + "=".repeat((4 - (part.length % 4)) % 4)));
    if (typeof claims.exp !== "number") return null;
    const lifetime = typeof claims.iat === "number" ? claims.exp - claims.iat : Infinity;
    return (claims.exp - Math.min(30, lifetime / 10)) * 1000;
  } catch {
    return null;
  }
}

function base64(text) {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

/**
 * Connects to a Tiddly server: reads /_schema as the caller, and gives a db with one property per
 * table the caller may read.
 *
 * @param {string} url the server's address, such as "http://127.0.0.1:4567"
 * @param {{token?: string, apiKey?: string, basic?: [string, string], renew?: () => Promise<string>,
 *          retries?: number, maxRetryWait?: number, fetch?: typeof fetch}} [options]
 */
export async function connect(url, options = {}) {
  const db = new Db(url, options);
  await db.reload();
  return db;
}

/** The connection: credentials, the transport, and the tables. */
export class Db {
  #auth;
  #renew;
  #renewing = null;
  #tables = new Map();
  #options;
  #position = null;

  constructor(url, options = {}) {
    const given = ["token", "apiKey", "basic"].filter((name) => options[name] != null);
    if (given.length > 1) {
      throw clientError("ambiguous_credentials", "give one of token, apiKey and basic, not " + given.join(" and "));
    }
    this.url = String(url).replace(/\/+$/, "");
    this.#options = {retries: 3, maxRetryWait: 30, fetch: (...args) => globalThis.fetch(...args), ...options};
    this.#auth = options.token != null ? {token: options.token}
      : options.apiKey != null ? {apiKey: options.apiKey}
      : options.basic != null ? {basic: options.basic} : {};
    this.#renew = options.renew ?? null;
  }

  /** Reads /_schema again (after a schema change or a sign-in) and rebuilds the tables. */
  async reload() {
    const {data} = await this.request("GET", "/_schema");
    for (const name of this.#tables.keys()) {
      if (!DB_MEMBERS.has(name)) delete this[name];
    }
    this.#tables.clear();
    const byName = new Map(data.map((table) => [table.name, table]));
    for (const json of data) {
      this.#tables.set(json.name, new Table(this, new TableSchema(json, byName)));
    }
    for (const [name, table] of this.#tables) {
      if (!DB_MEMBERS.has(name)) {
        Object.defineProperty(this, name, {value: table, enumerable: true, configurable: true});
      }
    }
    return this;
  }

  /** The table of that name; unknown names throw at once. */
  table(name) {
    const table = this.#tables.get(name);
    if (!table) {
      throw clientError("unknown_table", `unknown table '${name}'; this caller may read ${[...this.#tables.keys()].join(", ") || "no table"}`);
    }
    return table;
  }

  /** The names of the tables the caller may read. */
  get tables() {
    return [...this.#tables.keys()];
  }

  /** The fetch function requests go through (the connect option, else the global one). */
  get fetch() {
    return this.#options.fetch;
  }

  /**
   * Keeps a Tiddly-Position if it is newer than the one kept: 16 hexadecimal digits, so the greater
   * text is the newer. A write's answer gives one over PostgreSQL read replicas (never without);
   * the newest goes with every request, so that a read through any instance behind a load balancer
   * sees every write this client was answered for (docs/scaling.md).
   */
  #answered(position) {
    if (position == null || !/^[0-9A-Fa-f]{16}$/.test(position)) return; // absent, or mangled on the way
    const upper = position.toUpperCase();
    if (this.#position == null || upper > this.#position) this.#position = upper;
  }

  /** The bearer token in use, if any. */
  get token() {
    return this.#auth.token ?? null;
  }

  /**
   * Signs in with POST /_login and uses the token from now on. The client renews it by signing in
   * again shortly before it expires, and when the server says it expired; the password stays in
   * this object's memory for that (pass {renew: false} to keep it nowhere: sign in again yourself).
   */
  async login(email, password, {renew = true} = {}) {
    const {data} = await this.request("POST", "/_login", {body: {email, password}, anonymous: true, idempotent: false});
    this.#auth = {token: data.token};
    this.#renew = renew ? async () => (await this.request("POST", "/_login", {body: {email, password}, anonymous: true, idempotent: false})).data.token : this.#renew;
    await this.reload(); // the new role may read other tables
    return data;
  }

  /** Forgets the credentials: requests go out anonymous. */
  async logout() {
    this.#auth = {};
    this.#renew = null;
    await this.reload();
  }

  /** Gets a new token from the renew function (one renewal at a time); false without one. */
  async renew() {
    if (!this.#renew) return false;
    this.#renewing ??= (async () => {
      try {
        this.#auth = {token: await this.#renew()};
      } finally {
        this.#renewing = null;
      }
    })();
    await this.#renewing;
    return true;
  }

  /** The credential headers of the current caller. */
  async headers() {
    if (this.#auth.token != null && this.#renew) {
      const renewAt = renewalTime(this.#auth.token);
      if (renewAt != null && Date.now() >= renewAt) await this.renew(); // before, not after, it fails
    }
    if (this.#auth.token != null) return {Authorization: "Bearer " + this.#auth.token};
    if (this.#auth.apiKey != null) return {"X-API-Key": this.#auth.apiKey};
    if (this.#auth.basic != null) return {Authorization: "Basic " + base64(this.#auth.basic.join(":"))};
    return {};
  }

  /**
   * One request, answered with the envelope ({status, data, count?, next?}) and the ETag. A write
   * carries an Idempotency-Key, the same on every attempt, so the server applies it once however
   * often it is sent. Safe requests and keyed writes are retried on a 503 (Retry-After honoured)
   * and when no answer came, a bounded number of times. A 401 invalid_token is retried once after
   * a renewal: the server refused it before doing anything.
   */
  async request(method, path, {body, headers = {}, anonymous = false, idempotent = true, signal} = {}) {
    const safe = SAFE.has(method) || path.endsWith("/_query");
    const key = safe || !idempotent ? null : newIdempotencyKey();
    const retriable = safe || key != null;
    for (let attempt = 0; ; attempt++) {
      const init = {method, headers: {Accept: "application/json", ...(anonymous ? {} : await this.headers()), ...headers}, signal};
      if (this.#position != null) init.headers["Tiddly-Position"] = this.#position; // read-your-writes across instances
      if (key != null) init.headers["Idempotency-Key"] = key;
      if (body !== undefined) init.body = JSON.stringify(body);
      // Writes say JSON even without a body: the server refuses a cross-origin write of another type
      // (docs/security.md#cross-site-writes-from-browsers), a DELETE by key included.
      if (body !== undefined || !safe) init.headers["Content-Type"] = "application/json";
      let response;
      try {
        response = await this.#options.fetch(this.url + path, init);
      } catch (error) {
        if (signal?.aborted) throw error;
        if (retriable && attempt < this.#options.retries) {
          await sleep(Math.min(1, this.#options.maxRetryWait) * 1000, signal);
          continue;
        }
        throw new TiddlyError(0, "network_error", `${method} ${path} did not reach the server: ${error.message}`);
      }
      this.#answered(response.headers.get("Tiddly-Position"));
      const envelope = await readEnvelope(response, method, path);
      if (response.ok) {
        return {...envelope, etag: response.headers.get("ETag")};
      }
      if (response.status === 503 && retriable && attempt < this.#options.retries) {
        await sleep(retryAfter(response.headers.get("Retry-After"), this.#options.maxRetryWait) * 1000, signal);
        continue;
      }
      if (response.status === 401 && envelope.code === "invalid_token" && attempt === 0 && !anonymous && (await this.renew())) {
        continue;
      }
      throw this.error(response, envelope, path);
    }
  }

  /** The error of an error envelope; a 412's row becomes a record of its table. */
  error(response, envelope, path) {
    const table = this.#tables.get(decodeURIComponent(path.split("/")[1] ?? ""));
    const current = response.status === 412 && envelope.data && table
      ? table.record(envelope.data, response.headers.get("ETag")) : null;
    return new TiddlyError(response.status, envelope.code ?? "http_" + response.status, envelope.error ?? response.statusText, {
      details: envelope.details,
      requestId: envelope.request_id ?? response.headers.get("X-Request-Id"),
      data: envelope.data,
      current,
    });
  }

  /**
   * Saves records and the unsaved records they refer to (a new book whose author is a new author)
   * in one POST /_batch: all of them or none. New records are inserted, changed ones updated with
   * If-Match; a record referring to a new one gets its key by a back-reference ({"$ref": "N.id"}).
   *
   * @returns {Promise<Array>} the saved records, in the order they were sent
   */
  async save(...records) {
    const plan = [];
    const seen = new Set();
    const visit = (record) => {
      if (!(record instanceof Row) || seen.has(record)) return;
      seen.add(record);
      for (const target of record.references()) visit(target); // what it refers to goes first
      if (record.isNew || record.changes().length > 0) plan.push(record);
    };
    records.flat().forEach(visit);
    if (plan.length === 0) return [];
    const index = new Map(plan.map((record, i) => [record, i]));
    const operations = plan.map((record) => record.operation(index));
    let answer;
    try {
      answer = await this.request("POST", "/_batch", {body: operations});
    } catch (error) {
      if (error instanceof TiddlyError && error.data && typeof error.data.index === "number") {
        error.record = plan[error.data.index];
      }
      throw error;
    }
    answer.data.forEach((result, i) => plan[i].saved(result.data, result.etag ?? null));
    return plan;
  }
}

async function readEnvelope(response, method, path) {
  if (response.status === 304 || method === "HEAD") return {};
  const text = await response.text();
  if (text === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new TiddlyError(response.status, "invalid_response", `${method} ${path} answered ${response.status} with a body that is not JSON`, {
      requestId: response.headers.get("X-Request-Id"),
    });
  }
}

/** One table's schema as /_schema gives it, with its relations. */
class TableSchema {
  constructor(json, byName) {
    this.name = json.name;
    this.view = json.view;
    this.columns = new Map(json.columns.filter((column) => !column.hidden).map((column) => [column.name, column]));
    this.key = json.primary_key;
    /** name → {table, many: false, column, target} (many-to-one) or {table, many: true, column, target} (one-to-many) */
    this.relations = new Map();
    const counts = new Map();
    const add = (name, relation) => {
      counts.set(name, (counts.get(name) ?? 0) + 1);
      this.relations.set(name, relation);
    };
    for (const key of json.foreign_keys) {
      if (key.columns.length === 1 && byName.has(key.references)) {
        add(key.references, {table: key.references, many: false, column: key.columns[0], target: key.referenced_columns[0]});
      }
    }
    for (const other of byName.values()) {
      for (const key of other.foreign_keys) {
        if (key.columns.length === 1 && key.references === json.name) {
          add(other.name, {table: other.name, many: true, column: key.columns[0], target: key.referenced_columns[0]});
        }
      }
    }
    for (const [name, count] of counts) {
      if (count > 1) this.relations.delete(name); // two keys link the tables: the server calls the name ambiguous
    }
  }

  column(name, where) {
    if (!this.columns.has(name)) {
      throw clientError("unknown_column", `unknown column '${name}' in ${where} of table '${this.name}'`);
    }
  }
}

/** The parts of a query, as the QUERY body names them. */
const EMPTY = Object.freeze({});

/**
 * A query: immutable, each method gives a new one. Names are checked against the schema as the
 * query is built, so a typo throws before any request.
 */
export class Query {
  constructor(db, schema, spec = EMPTY) {
    this.db = db;
    this.schema = schema;
    this.spec = spec;
  }

  #with(change) {
    return new Query(this.db, this.schema, Object.freeze({...this.spec, ...change}));
  }

  /** Rows matching every key (AND with an earlier where); see docs/API.md#where, has and search included. */
  where(filter) {
    checkWhere(this.db, this.schema, filter, "where");
    return this.#with({where: this.spec.where ? {and: [this.spec.where, filter]} : filter});
  }

  /** Columns (and aggregates such as {count: "*", as: "books"}) to return. */
  select(...columns) {
    columns = columns.flat();
    for (const item of columns) checkSelect(this.schema, item);
    return this.#with({select: columns});
  }

  /** Terms such as "year desc" or "born desc nulls last", one per argument or comma-separated. */
  orderBy(...terms) {
    terms = terms.flat().flatMap((term) => term.split(",")).map((term) => term.trim());
    for (const term of terms) {
      const column = term.replace(/\s+nulls\s+(first|last)$/i, "").replace(/\s+(asc|desc)$/i, "");
      if (!this.schema.columns.has(column) && !aliases(this.spec.select).has(column) && column !== "_rank") {
        this.schema.column(column, "orderby");
      }
    }
    return this.#with({orderby: terms});
  }

  /** Related rows: names of relations, or {name: {select, where, orderby, limit, embed}}. */
  embed(...relations) {
    const embed = relations.length === 1 && typeof relations[0] === "object" && !Array.isArray(relations[0])
      ? relations[0] : Object.fromEntries(relations.flat().map((name) => [name, {}]));
    checkEmbed(this.db, this.schema, embed);
    const merged = {...(this.spec.embed ?? {}), ...embed};
    return this.#with({embed: merged});
  }

  groupBy(...columns) {
    columns = columns.flat();
    for (const column of columns) this.schema.column(column, "groupby");
    return this.#with({groupby: columns});
  }

  /** A where over the groups: group columns and aggregate aliases. */
  having(filter) {
    return this.#with({having: filter});
  }

  distinct(on = true) {
    return this.#with({distinct: on});
  }

  /** At most n rows in all (also when the rows come in several pages). */
  limit(n) {
    return this.#with({limit: n});
  }

  offset(n) {
    return this.#with({offset: n});
  }

  /** How many rows each request asks for while iterating; the server's maximum by default. */
  pageSize(n) {
    return this.#with({pageSize: n});
  }

  /** The QUERY body this query sends (docs/API.md), without paging. */
  body() {
    const {pageSize, limit, ...body} = this.spec;
    if (this.#records()) body.etag = true; // each row brings its ETag, for If-Match on save
    if (body.embed && Object.values(body.embed).every((sub) => Object.keys(sub).length === 0)) {
      body.embed = Object.keys(body.embed);
    }
    return limit === undefined ? body : {...body, limit};
  }

  /** Whether the rows are rows of the table (not groups or distinct rows), so records. */
  #records() {
    const aggregate = (this.spec.select ?? []).some((item) => typeof item === "object" && AGGREGATES.some((name) => name in item));
    return !aggregate && !this.spec.groupby && !this.spec.distinct && this.schema.key.length > 0;
  }

  /** Every row the query matches (up to its limit), following next cursors. */
  async all() {
    const rows = [];
    for await (const row of this) rows.push(row);
    return rows;
  }

  /** The first row, or null. */
  async first() {
    const {data} = await this.#page({...this.body(), limit: 1});
    return data.length ? this.#row(data[0]) : null;
  }

  /** The one row; an error (not_one) when none or several match. */
  async one() {
    const {data} = await this.#page({...this.body(), limit: 2});
    if (data.length !== 1) {
      throw clientError("not_one", `expected exactly one row of '${this.schema.name}', got ${data.length === 0 ? "none" : "more than one"}`, {count: data.length});
    }
    return this.#row(data[0]);
  }

  /** How many rows match (groups, with groupBy); no rows are read. */
  async count() {
    const {offset, cursor, ...body} = this.body();
    delete body.etag;
    const answer = await this.#page({...body, count: true, limit: 0});
    return answer.count;
  }

  /** Walks the pages with the next cursors: for await (const row of query). */
  async *[Symbol.asyncIterator]() {
    const base = this.body();
    let remaining = this.spec.limit ?? Infinity;
    let cursor = null;
    while (remaining > 0) {
      const body = {...base};
      delete body.limit;
      const size = Math.min(remaining, this.spec.pageSize ?? Infinity);
      if (size !== Infinity) body.limit = size;
      if (cursor) {
        body.cursor = cursor;
        delete body.offset; // the cursor holds the position
      }
      const {data, next} = await this.#page(body);
      for (const row of data) yield this.#row(row);
      remaining -= data.length;
      if (!next || data.length === 0) return;
      cursor = next;
    }
  }

  async #page(body) {
    return this.db.request("QUERY", "/" + encodeURIComponent(this.schema.name), {body});
  }

  #row(json) {
    return this.#records() ? this.db.table(this.schema.name).record(json) : json;
  }

  /**
   * A live query: every change to the rows it matches, as {type, row, id, reason}. With a
   * callback, calls it for each; without, iterate it (for await). The events are "snapshot" (with
   * {snapshot: true}), "ready", "insert", "update", "delete" (reason "deleted" or "left") and
   * "reset", after which the rows come again as "snapshot" events: drop what you held.
   *
   * @returns {Subscription}
   */
  subscribe(callback, {snapshot = false, retry} = {}) {
    const {where, select} = this.spec;
    for (const key of ["groupby", "distinct"]) {
      if (this.spec[key]) throw clientError("invalid_stream", `a live query cannot ${key}: subscribe to the rows, and read groups with queries`);
    }
    const body = {};
    if (where) body.where = where;
    if (select) body.select = select;
    if (this.spec.embed) body.embed = this.body().embed; // the server streams embeds (docs/realtime.md)
    return new Subscription(this.db, this.db.table(this.schema.name), body, {snapshot, retry, callback});
  }
}

function aliases(select = []) {
  return new Set(select.filter((item) => typeof item === "object").map((item) => item.as ?? aggregateName(item)));
}

function aggregateName(item) {
  const name = AGGREGATES.find((fn) => fn in item);
  if (!name) return item.as ?? (item.snippet ? item.snippet + "_snippet" : [item.of, ...(item.path ?? [])].join("_"));
  return name === "count" && item.count === "*" ? "count" : `${name}_${item[name]}`;
}

function checkSelect(schema, item) {
  if (typeof item === "string") {
    if (item !== "_rank") schema.column(item, "select");
    return;
  }
  const name = AGGREGATES.find((fn) => fn in item);
  const column = name ? item[name] : item.of ?? item.snippet;
  if (column !== undefined && column !== "*") schema.column(column, "select");
}

function checkWhere(db, schema, filter, where) {
  if (filter === null || typeof filter !== "object" || Array.isArray(filter)) {
    throw clientError("invalid_body", `'${where}' takes an object, such as {"title": "Dune"}`);
  }
  for (const [key, value] of Object.entries(filter)) {
    if (LOGICAL.has(key)) {
      for (const part of key === "not" ? [value] : value) checkWhere(db, schema, part, where);
    } else if (schema.columns.has(key)) {
      continue;
    } else if (key === "search" && value && typeof value === "object" && Array.isArray(value.columns)) {
      value.columns.forEach((column) => schema.column(column, where));
    } else if (schema.relations.has(key) && value && typeof value === "object" && "has" in value) {
      checkWhere(db, db.table(schema.relations.get(key).table).schema, value.has, where);
    } else {
      schema.column(key, where);
    }
  }
}

function checkEmbed(db, schema, embed) {
  for (const [name, body] of Object.entries(embed)) {
    const relation = schema.relations.get(name);
    if (!relation) {
      throw clientError("unknown_relation", `unknown relation '${name}' in embed of table '${schema.name}'; a relation is a table linked to it by a foreign key`);
    }
    const related = db.table(relation.table).schema;
    for (const column of body.select ?? []) checkSelect(related, column);
    if (body.where) checkWhere(db, related, body.where, "where");
    if (body.embed) checkEmbed(db, related, Array.isArray(body.embed) ? Object.fromEntries(body.embed.map((n) => [n, {}])) : body.embed);
  }
}

/** A table: a query for all its rows, plus the writes by key. */
export class Table extends Query {
  constructor(db, schema) {
    super(db, schema);
  }

  /** A record of this table from a row the server sent. */
  record(json, etag = null) {
    return new Row(this, json, etag, false);
  }

  /** A new record, saved by record.save() or db.save(). Values may be records it refers to: {author}. */
  new(values = {}) {
    const record = new Row(this, {}, null, true);
    for (const [name, value] of Object.entries(values)) record.set(name, value);
    return record;
  }

  /** The row with that key (a value, or an object for a composite key); a 404 row_not_found when none. */
  async get(key) {
    if (this.schema.key.length !== 1) {
      return this.where(this.#keyObject(key)).one();
    }
    const {data, etag} = await this.db.request("GET", this.path(key));
    return this.record(data, etag);
  }

  /** Inserts one row and gives it back as stored (with its key and defaults). */
  async create(values) {
    const record = this.new(values);
    await record.save();
    return record;
  }

  /** Changes the named columns of the row with that key; {ifMatch} sends If-Match. */
  async update(key, changes, {ifMatch} = {}) {
    Object.keys(changes).forEach((column) => this.schema.column(column, "update"));
    const headers = ifMatch ? {"If-Match": ifMatch} : {};
    const answer = this.schema.key.length === 1
      ? await this.db.request("PUT", this.path(key), {body: changes, headers})
      : await this.db.request("PUT", this.path(), {body: {...this.#keyObject(key), ...changes}, headers});
    return this.record(answer.data, answer.etag);
  }

  /** Deletes the row with that key and gives it back; {ifMatch} sends If-Match. */
  async delete(key, {ifMatch} = {}) {
    const headers = ifMatch ? {"If-Match": ifMatch} : {};
    if (this.schema.key.length !== 1) {
      const answer = await this.db.request("DELETE", this.path(), {body: {where: this.#keyObject(key)}, headers});
      return answer.data;
    }
    const answer = await this.db.request("DELETE", this.path(key), {headers});
    return this.record(answer.data);
  }

  path(key) {
    const table = "/" + encodeURIComponent(this.schema.name);
    return key === undefined ? table : table + "/" + encodeURIComponent(String(key));
  }

  #keyObject(key) {
    const names = this.schema.key;
    if (names.length === 0) throw clientError("no_key", `table '${this.schema.name}' has no primary key: read it with where`);
    if (key === null || typeof key !== "object") {
      if (names.length === 1) return {[names[0]]: key};
      throw clientError("invalid_key", `table '${this.schema.name}' has a composite key: give {${names.join(", ")}}`);
    }
    for (const name of names) {
      if (!(name in key)) throw clientError("invalid_key", `the key of '${this.schema.name}' needs '${name}'`);
    }
    return Object.fromEntries(names.map((name) => [name, key[name]]));
  }
}

/**
 * A row that remembers what changed: assign columns, then save() sends only those, with the
 * row's ETag in If-Match. A many-to-one relation (book.author) may hold a record, new or not.
 */
export class Row {
  #table;
  #values = {};
  #original;
  #etag;
  #refs = new Map();
  #embeds = new Map();
  #deleted = false;

  constructor(table, json, etag, isNew) {
    this.#table = table;
    this.#original = isNew ? null : {};
    this.#load(json, etag);
    const schema = table.schema;
    const names = new Set([...schema.columns.keys(), ...[...schema.relations.keys()].filter((n) => !schema.relations.get(n).many)]);
    for (const name of names) {
      if (RECORD_MEMBERS.has(name)) continue;
      Object.defineProperty(this, name, {get: () => this.get(name), set: (value) => this.set(name, value), enumerable: schema.columns.has(name)});
    }
    for (const name of this.#embeds.keys()) {
      if (!RECORD_MEMBERS.has(name) && !names.has(name)) Object.defineProperty(this, name, {get: () => this.#embeds.get(name), enumerable: false});
    }
  }

  #load(json, etag) {
    const schema = this.#table.schema;
    for (const [name, value] of Object.entries(json)) {
      const relation = schema.relations.get(name);
      if (name === "_etag") {
        etag = value;
      } else if (relation && value !== null && typeof value === "object") { // an embed
        const related = this.#table.db.table(relation.table);
        if (relation.many) {
          this.#embeds.set(name, value.map((row) => related.record(row)));
        } else {
          this.#refs.set(name, related.record(value));
          if (schema.columns.has(name)) this.#values[name] = value[relation.target]; // book.genre: the key, as stored
        }
      } else if (relation && !schema.columns.has(name)) {
        if (relation.many) this.#embeds.set(name, []); else this.#refs.delete(name); // a null embed
      } else {
        this.#values[name] = value;
      }
    }
    if (this.#original !== null) this.#original = structuredClone(this.#values);
    this.#etag = etag ?? null;
  }

  /** A column's value, or a relation's record. */
  get(name) {
    if (this.#refs.has(name)) return this.#refs.get(name);
    if (this.#embeds.has(name)) return this.#embeds.get(name);
    return this.#values[name];
  }

  /** Sets a column, or a many-to-one relation to a record (saved or new). */
  set(name, value) {
    const schema = this.#table.schema;
    const relation = schema.relations.get(name);
    if (relation && !relation.many && value instanceof Row) {
      this.#refs.set(name, value);
      if (!value.isNew) this.#values[relation.column] = value.get(relation.target);
      return;
    }
    schema.column(name, "set");
    if (relation && !relation.many) this.#refs.delete(name);
    for (const [other, rel] of schema.relations) {
      if (!rel.many && rel.column === name) this.#refs.delete(other); // a key set by hand replaces the record
    }
    this.#values[name] = value;
  }

  /** Whether the record was never saved. */
  get isNew() {
    return this.#original === null;
  }

  /** The ETag the row had when it was read or last saved. */
  get etag() {
    return this.#etag;
  }

  get table() {
    return this.#table;
  }

  /** The columns changed since the row was read or saved. */
  changes() {
    const original = this.#original ?? {};
    return Object.keys(this.#values).filter((name) => JSON.stringify(this.#values[name]) !== JSON.stringify(original[name]) || this.isNew);
  }

  /** The records this one refers to through its relations. */
  references() {
    return [...this.#refs.values()];
  }

  /** The row's key, from the values it was read with. */
  key() {
    const names = this.#table.schema.key;
    const source = this.#original ?? {};
    if (names.length === 0 || names.some((name) => source[name] === undefined)) {
      throw clientError("no_key", `this row of '${this.#table.schema.name}' has no key to address it by: select ${names.join(", ") || "a key"}`);
    }
    return names.length === 1 ? source[names[0]] : Object.fromEntries(names.map((name) => [name, source[name]]));
  }

  /**
   * Saves the record: a new one is inserted, a changed one updated with only its changed columns
   * and If-Match. When it refers to unsaved records, they are saved with it in one batch.
   */
  async save() {
    if (this.#deleted) throw clientError("deleted", "this record was deleted");
    if (this.references().some((target) => target.isNew || target.changes().length > 0)) {
      await this.#table.db.save(this);
      return this;
    }
    if (this.isNew) {
      const {data, etag} = await this.#table.db.request("POST", this.#table.path(), {body: this.#body(new Map())});
      this.saved(data, etag);
      return this;
    }
    const changes = this.changes();
    if (changes.length === 0) return this;
    const body = Object.fromEntries(changes.map((name) => [name, this.#values[name]]));
    const record = await this.#table.update(this.key(), body, {ifMatch: this.#etag ?? undefined});
    this.saved(record.toJSON(), record.etag);
    return this;
  }

  /** Deletes the row, with If-Match. */
  async delete() {
    await this.#table.delete(this.key(), {ifMatch: this.#etag ?? undefined});
    this.#deleted = true;
  }

  /** Reads the row again. */
  async refresh() {
    const fresh = await this.#table.get(this.key());
    this.saved(fresh.toJSON(), fresh.etag);
    return this;
  }

  /** The body of an insert: the set columns, and the keys of the records it refers to. */
  #body(index) {
    const body = {};
    for (const name of this.isNew ? Object.keys(this.#values) : this.changes()) body[name] = this.#values[name];
    for (const [name, target] of this.#refs) {
      const relation = this.#table.schema.relations.get(name);
      if (index.has(target) && target.isNew) body[relation.column] = {$ref: `${index.get(target)}.${relation.target}`};
      else if (this.isNew) body[relation.column] = target.get(relation.target); // set earlier, already in changes otherwise
    }
    return body;
  }

  /** This record's operation in a batch; index maps the batch's records to their positions. */
  operation(index) {
    const table = this.#table.schema.name;
    if (this.isNew) return {method: "POST", table, body: this.#body(index)};
    const body = this.#body(index);
    const operation = {method: "PUT", table, body};
    if (this.#table.schema.key.length === 1) operation.key = this.key();
    else Object.assign(body, this.key());
    if (this.#etag) operation.if_match = this.#etag;
    return operation;
  }

  /** Takes the row the server stored as the new state. */
  saved(json, etag) {
    this.#original = {};
    this.#values = {};
    const refs = this.#refs;
    this.#load(json, etag);
    for (const [name, target] of refs) if (!this.#refs.has(name)) this.#refs.set(name, target);
  }

  /** The row's values, as the server would send them. */
  toJSON() {
    return {...this.#values};
  }
}

/**
 * A live query's stream: an SSE reader over fetch (browsers and Node alike), which resumes with
 * the last event id after a broken connection or an expired token.
 */
export class Subscription {
  #db;
  #table;
  #body;
  #callback;
  #retry;
  #snapshot;
  #lastId = null;
  #abort = new AbortController();
  #queue = [];
  #waiting = [];
  #closed = false;
  #ready;
  #resolveReady;
  #rejectReady;

  constructor(db, table, body, {snapshot, retry, callback}) {
    this.#db = db;
    this.#table = table;
    this.#body = body;
    this.#snapshot = snapshot;
    this.#retry = retry ?? null;
    this.#callback = callback ?? null;
    this.#ready = new Promise((resolve, reject) => {
      this.#resolveReady = resolve;
      this.#rejectReady = reject;
    });
    this.#ready.catch(() => {}); // seen by whoever awaits it
    this.#run();
  }

  /** Resolves at the first ready event: from then on no change is missed. */
  get ready() {
    return this.#ready;
  }

  /** The id of the last change received, the position a reconnection resumes from. */
  get lastEventId() {
    return this.#lastId;
  }

  close() {
    this.#closed = true;
    this.#abort.abort();
    for (const waiter of this.#waiting.splice(0)) waiter.resolve({done: true, value: undefined});
  }

  async #run() {
    let retryMs = this.#retry ?? 2000;
    let snapshot = this.#snapshot;
    while (!this.#closed) {
      try {
        const outcome = await this.#stream(snapshot, (ms) => { if (this.#retry == null) retryMs = ms; });
        snapshot = false;
        if (outcome === "reset") {
          snapshot = true; // fetch the rows again: they come as snapshot events
          continue;
        }
        if (outcome === "expired") {
          if (!(await this.#db.renew())) throw new TiddlyError(401, "invalid_token", "the token expired and this client has no way to renew it: sign in again");
          continue;
        }
      } catch (error) {
        if (this.#closed) return;
        if (error instanceof TiddlyError && error.status !== 0 && error.status !== 503) {
          this.#fail(error);
          return;
        }
      }
      if (!this.#closed) await sleep(retryMs, this.#abort.signal);
    }
  }

  /** One connection; gives "reset", "expired" or "ended". */
  async #stream(snapshot, onRetry) {
    const headers = {Accept: "text/event-stream", "Content-Type": "application/json", ...(await this.#db.headers())};
    if (this.#lastId != null) headers["Last-Event-ID"] = String(this.#lastId);
    const body = snapshot && this.#lastId == null ? {...this.#body, snapshot: true} : this.#body;
    let response;
    try {
      response = await this.#db.fetch(this.#db.url + this.#table.path(), {
        method: "QUERY", headers, body: JSON.stringify(body), signal: this.#abort.signal,
      });
    } catch (error) {
      if (this.#closed) return "ended";
      throw new TiddlyError(0, "network_error", "the live query did not reach the server: " + error.message);
    }
    if (!response.ok) {
      const envelope = await readEnvelope(response, "QUERY", this.#table.path());
      if (response.status === 401 && envelope.code === "invalid_token" && (await this.#db.renew())) return "expired";
      throw this.#db.error(response, envelope, this.#table.path());
    }
    let outcome = "ended";
    await readEvents(response.body, (event) => {
      if (event.retry != null) onRetry(event.retry);
      if (event.type === "reset") {
        outcome = "reset";
        this.#lastId = null;
        this.#deliver({type: "reset", row: null, id: null, error: parse(event.data).error});
        return false; // reconnect for a snapshot
      }
      if (event.type === "auth_expired") {
        outcome = "expired";
        return false;
      }
      if (event.id != null && event.id !== "") this.#lastId = event.id;
      const data = parse(event.data);
      if (event.type === "ready") {
        this.#resolveReady(this);
        this.#deliver({type: "ready", row: null, id: event.id, position: data.position});
      } else if (["insert", "update", "delete", "snapshot"].includes(event.type)) {
        this.#deliver({type: event.type, row: this.#table.record(data.row), id: event.id || null, reason: data.reason ?? null});
      }
      return !this.#closed;
    });
    return outcome;
  }

  #deliver(event) {
    if (this.#callback) {
      this.#callback(event);
    } else if (this.#waiting.length) {
      this.#waiting.shift().resolve({done: false, value: event});
    } else {
      this.#queue.push(event);
    }
  }

  #fail(error) {
    this.#closed = true;
    this.#rejectReady(error);
    if (this.#callback) this.#callback({type: "error", row: null, id: null, error});
    for (const waiter of this.#waiting.splice(0)) waiter.reject(error);
    this.#failure = error;
  }

  #failure = null;

  [Symbol.asyncIterator]() {
    return {
      next: () => {
        if (this.#queue.length) return Promise.resolve({done: false, value: this.#queue.shift()});
        if (this.#failure) return Promise.reject(this.#failure);
        if (this.#closed) return Promise.resolve({done: true, value: undefined});
        return new Promise((resolve, reject) => this.#waiting.push({resolve, reject}));
      },
      return: () => {
        this.close();
        return Promise.resolve({done: true, value: undefined});
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }
}

function parse(data) {
  try {
    return data ? JSON.parse(data) : {};
  } catch {
    return {};
  }
}

/**
 * Reads a text/event-stream body (https://html.spec.whatwg.org/multipage/server-sent-events.html),
 * calling onEvent({type, data, id, retry}) per event until it returns false or the body ends.
 */
export async function readEvents(body, onEvent) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let event = {type: "message", data: [], id: null, retry: null};
  try {
    for (;;) {
      const {done, value} = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, {stream: true});
      let end;
      while ((end = buffer.search(/\r\n|\r|\n/)) >= 0) {
        if (buffer[end] === "\r" && end === buffer.length - 1) break; // a CR that may be half of CRLF
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + (buffer.startsWith("\r\n", end) ? 2 : 1));
        if (line === "") {
          if (event.data.length || event.type !== "message" || event.retry != null) {
            if (onEvent({type: event.type, data: event.data.join("\n"), id: event.id, retry: event.retry}) === false) return;
          }
          event = {type: "message", data: [], id: null, retry: null};
          continue;
        }
        if (line.startsWith(":")) continue; // a comment: keep-alive
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") event.type = value;
        else if (field === "data") event.data.push(value);
        else if (field === "id") event.id = value;
        else if (field === "retry" && /^\d+$/.test(value)) event.retry = Number(value);
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}
