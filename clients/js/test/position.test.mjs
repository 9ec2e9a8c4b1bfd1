import {test} from "node:test";
import assert from "node:assert/strict";
import {connect} from "../tiddly.js";
import {url, unique} from "./helpers.mjs";

/**
 * A fetch that adds the given Tiddly-Position to the answers of writes, as a server over read
 * replicas does (this test's server has none), and keeps the position each request carried.
 */
function positionedFetch(positions) {
  const carried = [];
  const fetcher = async (target, init = {}) => {
    const method = init.method ?? "GET";
    carried.push(`${method} ${init.headers?.["Tiddly-Position"] ?? "-"}`);
    const response = await fetch(target, init);
    if (method === "GET" || method === "QUERY" || positions.length === 0) return response;
    const headers = new Headers(response.headers);
    headers.set("Tiddly-Position", positions.shift());
    return new Response(await response.arrayBuffer(), {status: response.status, headers});
  };
  return {fetch: fetcher, carried};
}

test("the newest Tiddly-Position answered goes with every later request", async () => {
  const positioned = positionedFetch(["0000000001000000", "0000000000F00000", "not a position!", "00000000010000ab"]);
  const db = await connect(url, {fetch: positioned.fetch});
  const name = unique("positioned");
  await db.author.create({name}); // answered 0000000001000000
  await db.author.create({name}); // an older one, answered later: not kept
  await db.author.create({name}); // mangled on the way: not kept
  assert.equal(await db.author.where({name}).count(), 3);
  await db.author.create({name}); // newer, in small letters
  assert.equal(await db.author.where({name}).count(), 4);
  assert.deepEqual(positioned.carried.map((line) => line.split(" ")[1]), [
    "-", // GET /_schema
    "-", "0000000001000000", "0000000001000000", "0000000001000000", "0000000001000000",
    "00000000010000AB",
  ]);
});

test("without read replicas no answer gives a position, and no request carries one", async () => {
  const sent = [];
  const db = await connect(url, {fetch: (target, init = {}) => { sent.push(init.headers?.["Tiddly-Position"]); return fetch(target, init); }});
  const name = unique("unpositioned");
  await db.author.create({name});
  assert.equal(await db.author.where({name}).count(), 1);
  assert.deepEqual(sent, [undefined, undefined, undefined]);
});
