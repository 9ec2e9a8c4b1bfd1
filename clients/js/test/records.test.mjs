import {test} from "node:test";
import assert from "node:assert/strict";
import {connect, TiddlyError} from "../tiddly.js";
import {url, recordingFetch, unique} from "./helpers.mjs";

test("save sends only the changed columns, with the row's ETag in If-Match", async () => {
  const {fetch, sent} = recordingFetch();
  const db = await connect(url, {fetch});
  const author = await db.author.create({name: unique("author"), born: 1950});
  const etag = author.etag;
  author.born = 1951;
  assert.deepEqual(author.changes(), ["born"]);
  await author.save();
  const put = sent.at(-1);
  assert.equal(put.method, "PUT");
  assert.equal(put.url, `${url}/author/${author.id}`);
  assert.deepEqual(put.body, {born: 1951});
  assert.equal(put.headers["If-Match"], etag);
  assert.notEqual(author.etag, etag, "the record took the new ETag");
  assert.deepEqual(author.changes(), []);
  const count = sent.length;
  await author.save();
  assert.equal(sent.length, count, "an unchanged record sends nothing");
  assert.equal((await db.author.get(author.id)).born, 1951);
});

test("a 412 raises a conflict error holding the server's current row", async () => {
  const db = await connect(url);
  const created = await db.author.create({name: unique("conflict"), born: 1900});
  const mine = await db.author.get(created.id);
  const theirs = await db.author.get(created.id);
  theirs.born = 1901;
  await theirs.save();
  mine.born = 1902;
  await assert.rejects(mine.save(), (error) => {
    assert.ok(error instanceof TiddlyError);
    assert.equal(error.status, 412);
    assert.equal(error.code, "etag_mismatch");
    assert.equal(error.conflict, true);
    assert.equal(error.current.born, 1901);
    assert.equal(error.current.etag, theirs.etag);
    return true;
  });
  assert.equal((await db.author.get(created.id)).born, 1901, "nothing was written");
});

test("delete removes the row with If-Match, and a stale record cannot delete", async () => {
  const {fetch, sent} = recordingFetch();
  const db = await connect(url, {fetch});
  const author = await db.author.create({name: unique("gone")});
  const stale = await db.author.get(author.id);
  author.name = author.name + "!";
  await author.save();
  await assert.rejects(stale.delete(), (error) => error.status === 412);
  await author.delete();
  assert.equal(sent.at(-1).method, "DELETE");
  assert.equal(sent.at(-1).headers["If-Match"], author.etag);
  await assert.rejects(db.author.get(author.id), (error) => error.code === "row_not_found");
});

test("create, update and delete by key take an ifMatch option", async () => {
  const db = await connect(url);
  const author = await db.author.create({name: unique("bykey"), born: 1970});
  assert.equal(typeof author.id, "number");
  const updated = await db.author.update(author.id, {born: 1971}, {ifMatch: author.etag});
  assert.equal(updated.born, 1971);
  await assert.rejects(db.author.update(author.id, {born: 1972}, {ifMatch: author.etag}), (error) => error.code === "etag_mismatch" && error.current.born === 1971);
  await assert.rejects(db.author.delete(author.id, {ifMatch: author.etag}), (error) => error.status === 412);
  const deleted = await db.author.delete(author.id, {ifMatch: updated.etag});
  assert.equal(deleted.born, 1971);
  await assert.rejects(db.author.update(1, {nam: "x"}), (error) => error.code === "unknown_column" && error.status === 0);
});

test("db.save sends a new book with its new author as one batch with a back-reference", async () => {
  const {fetch, sent} = recordingFetch();
  const db = await connect(url, {fetch});
  const author = db.author.new({name: unique("Ann Leckie"), born: 1966});
  const book = db.book.new({title: "Ancillary Justice", year: 2013, author, genre: "sf"});
  const saved = await db.save(book);
  const batch = sent.at(-1);
  assert.equal(batch.url, url + "/_batch");
  assert.deepEqual(batch.body, [
    {method: "POST", table: "author", body: {name: author.name, born: 1966}},
    {method: "POST", table: "book", body: {title: "Ancillary Justice", year: 2013, genre: "sf", author_id: {$ref: "0.id"}}},
  ]);
  assert.deepEqual(saved, [author, book]);
  assert.equal(book.author_id, author.id);
  assert.equal(book.author, author);
  assert.equal(author.isNew, false);
  assert.match(book.etag, /^"/);
  book.year = 2014;
  author.born = 1967;
  await db.save(book, author);
  assert.deepEqual(sent.at(-1).body, [
    {method: "PUT", table: "author", key: author.id, body: {born: 1967}, if_match: sent.at(-1).body[0].if_match},
    {method: "PUT", table: "book", key: book.id, body: {year: 2014}, if_match: sent.at(-1).body[1].if_match},
  ]);
  assert.equal((await db.book.get(book.id)).year, 2014);
});

test("row.save of a record that refers to a new record saves both, and a failed batch writes nothing", async () => {
  const db = await connect(url);
  const name = unique("all-or-nothing");
  const author = db.author.new({name});
  const book = db.book.new({title: "Fine", author});
  await book.save();
  assert.equal(book.author_id, author.id);
  const another = db.author.new({name: name + "-2"});
  const broken = db.book.new({title: null, author: another});
  await assert.rejects(db.save(broken), (error) => {
    assert.equal(error.status, 400);
    assert.equal(error.code, "invalid_value");
    assert.equal(error.data.index, 1);
    assert.equal(error.record, broken);
    return true;
  });
  assert.equal(await db.author.where({name: name + "-2"}).count(), 0, "the author of the failed batch was not written");
  assert.equal(another.isNew, true);
});

test("a stale record in a batch fails the whole batch with the conflict", async () => {
  const db = await connect(url);
  const author = await db.author.create({name: unique("batch-stale")});
  const stale = await db.author.get(author.id);
  author.born = 1990;
  await author.save();
  stale.born = 1991;
  const fresh = db.author.new({name: unique("batch-new")});
  await assert.rejects(db.save(fresh, stale), (error) => error.status === 412 && error.data.index === 1);
  assert.equal(await db.author.where({name: fresh.name}).count(), 0);
});
