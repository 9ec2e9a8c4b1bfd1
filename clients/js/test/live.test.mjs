import {test} from "node:test";
import assert from "node:assert/strict";
import {connect, readEvents} from "../tiddly.js";
import {url, unique, until} from "./helpers.mjs";

test("subscribe calls back with the inserts, updates and deletes of the rows the query matches", async () => {
  const db = await connect(url);
  const name = unique("live");
  const events = [];
  const subscription = db.author.where({name: {like: name + "%"}}).select("id", "name", "born").subscribe((event) => events.push(event));
  await subscription.ready;
  const author = await db.author.create({name: name + " A", born: 1})
  await db.author.create({name: "Not " + name});
  author.born = 2;
  await author.save();
  author.name = "Moved away";
  await author.save();
  await until(() => events.filter((event) => event.type === "delete").length === 1, "the delete");
  subscription.close();
  assert.deepEqual(events.map((event) => [event.type, event.row?.born ?? null, event.reason ?? null]), [
    ["ready", null, null], ["insert", 1, null], ["update", 2, null], ["delete", 2, "left"],
  ]);
  assert.equal(events[2].row.name, name + " A");
  assert.equal(typeof events[2].row.save, "function", "rows are records of the table");
  assert.equal(subscription.lastEventId, events[3].id);
});

test("a subscription is an async iterator, with the rows first when asked for a snapshot", async () => {
  const db = await connect(url);
  const name = unique("iterated");
  await db.author.create({name: name + " 1"});
  const seen = [];
  const writer = (async () => {
    await subscription.ready;
    await db.author.create({name: name + " 2"});
  });
  const subscription = db.author.where({name: {like: name + "%"}}).subscribe(undefined, {snapshot: true});
  writer();
  for await (const event of subscription) {
    seen.push(event.type + " " + (event.row?.name ?? ""));
    if (event.type === "insert") break;
  }
  assert.deepEqual(seen, [`snapshot ${name} 1`, "ready ", `insert ${name} 2`]);
});

/**
 * A fetch whose first stream breaks after its first change event: the client must reconnect with
 * Last-Event-ID and lose and repeat nothing. rewrite changes a reconnection's Last-Event-ID.
 */
function breakingFetch(rewrite = (id) => id) {
  let streams = 0;
  const lastEventIds = [];
  const fetcher = async (target, init = {}) => {
    const stream = init.headers?.Accept === "text/event-stream";
    if (stream && init.headers["Last-Event-ID"] != null) {
      lastEventIds.push(init.headers["Last-Event-ID"]);
      init = {...init, headers: {...init.headers, "Last-Event-ID": rewrite(init.headers["Last-Event-ID"])}};
    }
    const response = await fetch(target, init);
    if (!stream || streams++ > 0) return response;
    const reader = response.body.getReader();
    let text = "";
    const body = new ReadableStream({
      async pull(controller) {
        const {done, value} = await reader.read();
        if (done) return controller.close();
        text += new TextDecoder().decode(value);
        controller.enqueue(value);
        if (/event: (insert|update)[\s\S]*\n\n/.test(text)) {
          reader.cancel();
          controller.error(new Error("connection dropped"));
        }
      },
    });
    return new Response(body, {status: response.status, headers: response.headers});
  };
  return {fetch: fetcher, lastEventIds};
}

test("a dropped stream resumes with the last event id, losing and repeating nothing", async () => {
  const {fetch, lastEventIds} = breakingFetch();
  const db = await connect(url, {fetch});
  const name = unique("resume");
  const titles = [];
  const subscription = db.author.where({name: {like: name + "%"}}).subscribe((event) => {
    if (event.type === "insert") titles.push(event.row.name);
  }, {retry: 200});
  await subscription.ready;
  for (let i = 1; i <= 5; i++) await db.author.create({name: `${name} ${i}`});
  await until(() => titles.length >= 5, "five inserts");
  subscription.close();
  assert.deepEqual(titles, [1, 2, 3, 4, 5].map((i) => `${name} ${i}`));
  assert.equal(lastEventIds.length, 1, "one reconnection");
});

test("a reset fetches the rows again as snapshot events", async () => {
  const {fetch} = breakingFetch(() => "999999999999"); // a position this database never gave
  const db = await connect(url, {fetch});
  const name = unique("reset");
  await db.author.create({name: name + " kept"});
  const events = [];
  const subscription = db.author.where({name: {like: name + "%"}}).subscribe((event) => events.push(event.type + " " + (event.row?.name ?? "")), {retry: 200});
  await subscription.ready;
  await db.author.create({name: name + " new"});
  await until(() => events.filter((event) => event.startsWith("ready")).length === 2, "the ready after the reset");
  subscription.close();
  assert.deepEqual(events.slice(0, 2), ["ready ", `insert ${name} new`]);
  assert.deepEqual(events.slice(2, 3), ["reset "]);
  assert.deepEqual(events.slice(3).sort(), [`snapshot ${name} kept`, `snapshot ${name} new`, "ready "].sort());
});

test("a live query that cannot stream is refused before any request", async () => {
  const db = await connect(url);
  assert.throws(() => db.book.groupBy("genre").subscribe(() => {}), (error) => error.code === "invalid_stream" && error.status === 0);
  const events = [];
  const subscription = db.book.select({count: "*"}).subscribe((event) => events.push(event));
  await assert.rejects(subscription.ready, (error) => error.status === 400 && error.code === "invalid_stream");
  assert.equal(events[0].type, "error");
});

test("the event-stream reader follows the SSE format: CRLF, multi-line data, comments, retry", async () => {
  const text = ": keep-alive\r\nretry: 1500\r\n\r\nevent: insert\r\nid: 7\r\ndata: {\"row\":\r\ndata: {}}\r\n\r\ndata:no space\n\n";
  const chunks = [text.slice(0, 17), text.slice(17, 40), text.slice(40)].map((part) => new TextEncoder().encode(part));
  const body = new ReadableStream({start(controller) { chunks.forEach((chunk) => controller.enqueue(chunk)); controller.close(); }});
  const events = [];
  await readEvents(body, (event) => events.push(event));
  assert.deepEqual(events, [
    {type: "message", data: "", id: null, retry: 1500},
    {type: "insert", data: "{\"row\":\n{}}", id: "7", retry: null},
    {type: "message", data: "no space", id: null, retry: null},
  ]);
});

test("a live query with embed gets each inserted row with its related rows, as records", async () => {
  const db = await connect(url);
  const events = [];
  const subscription = db.book.where({title: "Embedded live"}).select("id", "title", "author_id").embed("author")
    .subscribe((event) => events.push(event));
  await subscription.ready;
  const book = await db.book.create({title: "Embedded live", year: 2001, author_id: 2});
  await until(() => events.some((event) => event.type === "insert"), "the insert");
  subscription.close();
  const insert = events.find((event) => event.type === "insert");
  assert.equal(insert.row.author.name, "Terry Pratchett");
  await book.delete();
});
