import {test} from "node:test";
import assert from "node:assert/strict";
import {connect, TiddlyError} from "../tiddly.js";
import {url, recordingFetch} from "./helpers.mjs";

test("a query builds exactly the documented QUERY body and returns records", async () => {
  const {fetch, sent} = recordingFetch();
  const db = await connect(url, {fetch});
  const query = db.book.where({genre: "sf", year: {gte: 2000}}).orderBy("year desc").select("title", "year").embed("author").limit(20);
  const rows = await query.all();
  const request = sent.at(-1);
  assert.equal(request.method, "QUERY");
  assert.equal(request.url, url + "/book");
  assert.deepEqual(request.body, {where: {genre: "sf", year: {gte: 2000}}, orderby: ["year desc"], select: ["title", "year"], embed: ["author"], etag: true, limit: 20});
  assert.ok(rows.length > 0 && rows.length <= 20);
  for (const row of rows) {
    assert.ok(row.year >= 2000);
    assert.equal(typeof row.author.name, "string");
    assert.match(row.etag, /^"[0-9a-f]+"$/);
  }
  assert.deepEqual(rows.map((row) => row.year), [...rows.map((row) => row.year)].sort((a, b) => b - a));
});

test("unknown tables, columns and relations throw while the query is built, before any request", async () => {
  const {fetch, sent} = recordingFetch();
  const db = await connect(url, {fetch});
  const before = sent.length;
  const attempts = [
    () => db.table("boook"),
    () => db.book.where({titel: "Dune"}),
    () => db.book.where({or: [{id: 1}, {yeer: 2}]}),
    () => db.book.where({author: {has: {nam: "x"}}}),
    () => db.book.select("title", "pages"),
    () => db.book.orderBy("year desc", "rating"),
    () => db.book.embed("publisher"),
    () => db.book.groupBy("shelf"),
  ];
  const codes = attempts.map((attempt) => {
    try {
      attempt();
      return "no error";
    } catch (error) {
      assert.ok(error instanceof TiddlyError);
      assert.equal(error.status, 0);
      return error.code;
    }
  });
  assert.deepEqual(codes, ["unknown_table", "unknown_column", "unknown_column", "unknown_column", "unknown_column", "unknown_column", "unknown_relation", "unknown_column"]);
  assert.equal(sent.length, before, "no request was sent");
  try {
    db.book.where({titel: "Dune"});
  } catch (error) {
    assert.equal(error.message, "unknown column 'titel' in where of table 'book'");
  }
});

test("first, one and count read one row, exactly one row and the number of rows", async () => {
  const db = await connect(url);
  const first = await db.author.orderBy("born").where({id: {lte: 10}, born: {ne: null}}).first(); // the sample's own rows
  assert.equal(first.name, "Jorge Luis Borges");
  assert.equal(await db.author.where({name: "Nobody at all"}).first(), null);
  assert.equal((await db.genre.where({code: "sf"}).one()).name, "Science fiction");
  await assert.rejects(db.genre.one(), (error) => error.code === "not_one" && error.status === 0 && error.details.count === 2);
  await assert.rejects(db.genre.where({code: "none"}).one(), (error) => error.code === "not_one" && error.details.count === 0);
  assert.equal(await db.genre.where({code: {in: ["sf", "fantasy"]}}).count(), 2);
});

test("for await walks the next cursors page by page, and limit bounds the rows in all", async () => {
  const {fetch, sent} = recordingFetch();
  const db = await connect(url, {fetch});
  const sample = db.book.where({id: {lte: 60}}); // other tests add books meanwhile
  const total = await sample.count();
  assert.equal(total, 60);
  const ids = [];
  const before = sent.length;
  for await (const row of sample.select("id").pageSize(7)) ids.push(row.id);
  assert.equal(ids.length, total);
  assert.equal(new Set(ids).size, total, "no row twice");
  const pages = sent.slice(before);
  assert.equal(pages.length, Math.ceil(total / 7));
  assert.equal(pages[0].body.cursor, undefined);
  assert.equal(typeof pages[1].body.cursor, "string");
  const limited = await db.book.orderBy("id").offset(3).limit(10).pageSize(4).all();
  assert.deepEqual(limited.map((row) => row.id), [4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
});

test("get reads a row by key, text keys included, and a missing key is the server's 404", async () => {
  const db = await connect(url);
  const genre = await db.genre.get("sf");
  assert.equal(genre.name, "Science fiction");
  assert.match(genre.etag, /^"/);
  await assert.rejects(db.author.get(999), (error) => error instanceof TiddlyError && error.status === 404 && error.code === "row_not_found" && /^[0-9a-f]{16}$/.test(error.requestId));
});

test("has filters across relations, and aggregates group rows", async () => {
  const db = await connect(url);
  const authors = await db.author.select("id", "name").where({book: {has: {genre: "sf", year: {gte: 2010}}}}).all();
  assert.ok(authors.length > 0);
  for (const author of authors) {
    assert.ok((await db.book.where({author_id: author.id, genre: "sf", year: {gte: 2010}}).count()) > 0);
  }
  const sample = db.book.where({id: {lte: 60}});
  const groups = await sample.select("genre", {count: "*", as: "books"}).groupBy("genre").orderBy("books desc").all();
  const sum = groups.reduce((total, group) => total + group.books, 0);
  assert.equal(sum, 60);
  assert.deepEqual(Object.keys(groups[0]), ["genre", "books"], "groups are plain objects, not records");
  assert.equal(await sample.groupBy("genre").count(), groups.length);
});

test("an embedded one-to-many relation and a foreign key column named like its table read as records", async () => {
  const db = await connect(url);
  const author = await db.author.where({id: 1}).embed({book: {select: ["id", "title"], orderby: "id", limit: 2}}).one();
  assert.equal(author.book.length, 2);
  assert.equal(typeof author.book[0].title, "string");
  const book = await db.book.where({id: 1}).embed("genre").one();
  assert.equal(book.genre.name, "Fantasy");
  assert.equal(book.toJSON().genre, "fantasy");
});

test("server errors come as one error class with status, code, message and request id", async () => {
  const db = await connect(url);
  await assert.rejects(db.book.where({year: {gte: "x"}}).all(), (error) => {
    assert.ok(error instanceof TiddlyError);
    assert.equal(error.status, 400);
    assert.equal(error.code, "invalid_value");
    assert.match(error.message, /year/);
    assert.match(error.requestId, /^[0-9a-f]{16}$/);
    return true;
  });
});
