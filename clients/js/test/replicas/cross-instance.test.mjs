// Run by CrossInstanceReadsTest (not by JsClientTest): two Tiddly instances over one PostgreSQL
// primary whose read replica has paused its replay, so that a read reaching the replica misses
// every write made during the run.
import {test} from "node:test";
import assert from "node:assert/strict";
import {connect} from "../../tiddly.js";

const a = process.env.TIDDLY_URL_A;
const b = process.env.TIDDLY_URL_B;
assert.ok(a && b, "set TIDDLY_URL_A and TIDDLY_URL_B to two instances (CrossInstanceReadsTest does)");

/** A load balancer in the fetch: requests alternate between the two instances; writes note theirs. */
function roundRobin() {
  let next = 0;
  const writers = [];
  const fetcher = (target, init = {}) => {
    const base = [a, b][next++ % 2];
    if ((init.method ?? "GET") === "POST") writers.push(base);
    return fetch(String(target).replace(a, base), init);
  };
  return {fetch: fetcher, writers};
}

test("a write through one instance is read through either: the client sends the write's position", async () => {
  const balanced = roundRobin();
  const db = await connect(a, {fetch: balanced.fetch});
  const name = `js-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  const author = await db.author.create({name});
  for (let i = 0; i < 4; i++) { // alternately through each instance
    assert.equal((await db.author.get(author.id)).name, name);
    assert.equal(await db.author.where({name}).count(), 1);
  }
  const other = balanced.writers[0] === a ? b : a;
  const stale = await fetch(`${other}/author/${author.id}`, {headers: {Accept: "application/json"}});
  assert.equal(stale.status, 404, "without the position, the other instance reads the paused replica");
});
