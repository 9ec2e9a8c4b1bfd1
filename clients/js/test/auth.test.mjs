import {test} from "node:test";
import assert from "node:assert/strict";
import {connect, TiddlyError} from "../tiddly.js";
import {authUrl, apiKey, recordingFetch, unique, until} from "./helpers.mjs";

// The server with rules (JsClientTest): anon reads book; users read every table and write books;
// the API key is admin; tokens from /_login live 4 seconds.
const options = {skip: authUrl ? false : "set TIDDLY_AUTH_URL to a server with rules (JsClientTest does)"};

test("each way of signing in sees the tables its role may read", options, async () => {
  const anonymous = await connect(authUrl);
  assert.deepEqual(anonymous.tables, ["book"]);
  assert.equal(anonymous.user, undefined);
  assert.throws(() => anonymous.table("user"), (error) => error.code === "unknown_table");
  const admin = await connect(authUrl, {apiKey});
  assert.deepEqual(admin.tables, ["author", "book", "dual", "genre", "user"]);
  const basic = await connect(authUrl, {basic: ["alice@example.com", "alice-secret"]});
  assert.equal((await basic.user.get(1)).name, "Alice");
  const signedIn = await connect(authUrl);
  const {token, expires_at} = await signedIn.login("alice@example.com", "alice-secret");
  assert.equal(signedIn.token, token);
  assert.ok(Date.parse(expires_at) > Date.now());
  assert.ok(signedIn.tables.includes("user"), "login reads the schema again for the new role");
  const withToken = await connect(authUrl, {token});
  assert.equal((await withToken.author.get(1)).id, 1);
  assert.throws(() => new (signedIn.constructor)(authUrl, {token, apiKey}), (error) => error.code === "ambiguous_credentials");
});

test("refusals and bad credentials are errors with the server's status and code", options, async () => {
  await assert.rejects(connect(authUrl, {apiKey: "not-a-key-of-this-server"}), (error) => error instanceof TiddlyError && error.status === 401 && error.code === "invalid_api_key");
  const db = await connect(authUrl);
  await assert.rejects(db.login("alice@example.com", "wrong"), (error) => error.status === 401 && error.code === "invalid_credentials");
  await assert.rejects(db.book.create({title: "x", author_id: 1}), (error) => error.status === 401 && error.code === "unauthenticated" && typeof error.requestId === "string");
});

test("an expired token is renewed by signing in again, before the request and after a 401", options, async () => {
  const {fetch, sent} = recordingFetch();
  const db = await connect(authUrl, {fetch});
  await db.login("alice@example.com", "alice-secret");
  const first = db.token;
  await new Promise((resolve) => setTimeout(resolve, 4500)); // the token lives 4 s
  const book = await db.book.create({title: unique("renewed"), author_id: 1});
  assert.notEqual(db.token, first);
  assert.equal(sent.filter((request) => request.url.endsWith("/_login")).length, 2);
  assert.equal(sent.at(-1).headers.Authorization, "Bearer " + db.token);
  let renewals = 0;
  const given = await connect(authUrl, {token: first, renew: async () => { renewals++; return db.token; }});
  assert.equal(renewals, 1, "a token past its time is renewed before the request");
  assert.equal((await given.book.get(book.id)).id, book.id);
});

test("a live query outlives its token: it renews it and resumes with the last event id", options, async () => {
  const db = await connect(authUrl);
  await db.login("alice@example.com", "alice-secret");
  const name = unique("outlives");
  const titles = [];
  const subscription = db.book.where({title: {like: name + "%"}}).subscribe((event) => {
    if (event.type === "insert") titles.push(event.row.title);
  });
  await subscription.ready;
  const writer = await connect(authUrl, {apiKey});
  await writer.book.create({title: name + " before", author_id: 1});
  await until(() => titles.length === 1, "the first insert");
  const first = db.token;
  await until(() => db.token !== first, "the renewal of the stream's token");
  await writer.book.create({title: name + " after", author_id: 1});
  await until(() => titles.length === 2, "the insert after the renewal");
  subscription.close();
  assert.deepEqual(titles, [name + " before", name + " after"]);
});

test("/_client.d.ts declares the tables and columns of the caller's role", options, async () => {
  const anonymous = await fetch(authUrl + "/_client.d.ts");
  assert.equal(anonymous.status, 200);
  assert.match(anonymous.headers.get("Content-Type"), /^application\/typescript/);
  const text = await anonymous.text();
  assert.match(text, /export interface BookRow \{\n  id: number;\n  title: string;\n  year: number \| null;/);
  assert.match(text, /export type BookKey = number;/);
  assert.match(text, /export interface Tables \{\n  book: Table<BookRow, BookKey>;\n\}/);
  assert.doesNotMatch(text, /UserRow/);
  const admin = await (await fetch(authUrl + "/_client.d.ts", {headers: {"X-API-Key": apiKey}})).text();
  assert.match(admin, /export interface UserRow \{\n  id: number;\n  name: string;\n  email: string \| null;\n\}/);
  assert.match(admin, /export type GenreKey = string;/);
  assert.match(admin, /export declare function connect\(url: string, options\?: ConnectOptions\): Promise<Db>;/);
  const etag = anonymous.headers.get("ETag");
  assert.equal((await fetch(authUrl + "/_client.d.ts", {headers: {"If-None-Match": etag}})).status, 304);
});
