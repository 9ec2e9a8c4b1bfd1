import {test} from "node:test";
import assert from "node:assert/strict";
import {readFile} from "node:fs/promises";
import {connect, Db} from "../tiddly.js";
import {url, unique} from "./helpers.mjs";

/** A fetch that answers 503 (Retry-After: 0) to the first `failures` requests of `method`, then passes them on. */
function busyFetch(method, failures) {
  const calls = [];
  const fetcher = async (target, init = {}) => {
    const verb = init.method ?? "GET";
    calls.push(verb);
    if (verb === method && failures-- > 0) {
      return new Response('{"status":"error","error":"the database is busy; try again","code":"database_busy","request_id":"0123456789abcdef"}',
        {status: 503, headers: {"Retry-After": "0", "Content-Type": "application/json"}});
    }
    return fetch(target, init);
  };
  return {fetch: fetcher, calls};
}

test("safe requests are retried on 503 as Retry-After says, a bounded number of times", async () => {
  const busy = busyFetch("QUERY", 2);
  const db = await connect(url, {fetch: busy.fetch});
  assert.equal((await db.genre.where({code: "sf"}).one()).code, "sf");
  assert.deepEqual(busy.calls.filter((verb) => verb === "QUERY"), ["QUERY", "QUERY", "QUERY"]);
  const hopeless = busyFetch("GET", 100);
  await assert.rejects(connect(url, {fetch: hopeless.fetch, retries: 2}), (error) => error.status === 503 && error.code === "database_busy");
  assert.equal(hopeless.calls.length, 3, "the first try and two retries");
});

test("a write that got a 503 is sent again with the same Idempotency-Key", async () => {
  const sent = [];
  const busy = busyFetch("POST", 1);
  const db = await connect(url, {fetch: (target, init) => { sent.push(init.headers?.["Idempotency-Key"]); return busy.fetch(target, init); }});
  const name = unique("retried");
  await db.author.create({name});
  const keys = sent.filter((key) => key !== undefined);
  assert.equal(keys.length, 2, "the first try and one retry");
  assert.match(keys[0], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(keys[1], keys[0]);
  assert.equal(await db.author.where({name}).count(), 1);
});

test("a write whose answer was lost is sent again and applied once: the server replays its first answer", async () => {
  let lose = 1;
  const replayed = [];
  const lossy = async (target, init = {}) => {
    const response = await fetch(target, init);
    replayed.push(response.headers.get("Idempotent-Replayed"));
    if (init.method === "POST" && lose-- > 0) throw new TypeError("fetch failed"); // committed, answer lost
    return response;
  };
  const db = await connect(url, {fetch: lossy, maxRetryWait: 0});
  const name = unique("lost-answer");
  const author = await db.author.create({name});
  assert.equal(author.name, name);
  assert.equal(replayed.at(-1), "true");
  assert.equal(await db.author.where({name}).count(), 1);
  const second = await db.author.create({name: name + "-2"});
  assert.notEqual(second.id, author.id, "each write has its own key");
});

test("two writes never share a key, and sign-in sends none", async () => {
  const keys = [];
  const recording = (target, init = {}) => { keys.push([init.method ?? "GET", init.headers?.["Idempotency-Key"]]); return fetch(target, init); };
  const db = await connect(url, {fetch: recording});
  await db.author.create({name: unique("k1")});
  await db.author.create({name: unique("k2")});
  const writes = keys.filter(([verb]) => verb === "POST").map(([, key]) => key);
  assert.equal(writes.length, 2);
  assert.notEqual(writes[0], writes[1]);
  assert.ok(keys.filter(([verb]) => verb !== "POST").every(([, key]) => key === undefined), "reads send no key");
});

test("without retries a write's 503 goes to the caller and nothing is written", async () => {
  const busy = busyFetch("POST", 1);
  const db = await connect(url, {fetch: busy.fetch, retries: 0});
  const name = unique("not-retried");
  await assert.rejects(db.author.create({name}), (error) => error.status === 503);
  assert.deepEqual(busy.calls.filter((verb) => verb === "POST"), ["POST"]);
  assert.equal(await db.author.where({name}).count(), 0);
});

test("a server that does not answer is tried again, then reported as network_error", async () => {
  let calls = 0;
  const down = async () => { calls++; throw new TypeError("fetch failed"); };
  const db = new Db(url, {fetch: down, retries: 2, maxRetryWait: 0});
  await assert.rejects(db.request("GET", "/_schema"), (error) => error.status === 0 && error.code === "network_error");
  assert.equal(calls, 3, "the first try and two retries");
});

test("the server serves this very file at /_client.js, cacheable with its ETag", async () => {
  const response = await fetch(url + "/_client.js");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("Content-Type"), "application/javascript;charset=utf-8");
  assert.equal(await response.text(), await readFile(new URL("../tiddly.js", import.meta.url), "utf8"));
  const etag = response.headers.get("ETag");
  assert.match(etag, /^"[0-9a-f]{32}"$/);
  const again = await fetch(url + "/_client.js", {headers: {"If-None-Match": etag}});
  assert.equal(again.status, 304);
});
