import {test} from "node:test";
import assert from "node:assert/strict";
import {readFile} from "node:fs/promises";
import {connect} from "../tiddly.js";
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

test("writes are never retried blindly", async () => {
  const busy = busyFetch("POST", 1);
  const db = await connect(url, {fetch: busy.fetch});
  const name = unique("not-retried");
  await assert.rejects(db.author.create({name}), (error) => error.status === 503);
  assert.deepEqual(busy.calls.filter((verb) => verb === "POST"), ["POST"]);
  assert.equal(await db.author.where({name}).count(), 0);
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
