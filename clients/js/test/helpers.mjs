// Shared by the tests: the servers JsClientTest started (or any you start yourself), and a fetch
// that records what the client sends.
import assert from "node:assert/strict";

/** An open server over the sample database (every caller reads and writes). */
export const url = process.env.TIDDLY_URL;
/** A server with rules: anon reads book, users read all and write books, the API key is admin. */
export const authUrl = process.env.TIDDLY_AUTH_URL;
export const apiKey = process.env.TIDDLY_API_KEY;

assert.ok(url, "set TIDDLY_URL to a Tiddly server over the sample database (JsClientTest does)");

/** A word no other test uses, for rows of this test only. */
export function unique(prefix = "t") {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

/** A fetch that keeps every request it passes on: {method, url, headers, body}. */
export function recordingFetch() {
  const sent = [];
  const fetcher = async (target, init = {}) => {
    sent.push({method: init.method ?? "GET", url: String(target), headers: {...(init.headers ?? {})}, body: init.body ? JSON.parse(init.body) : undefined});
    return fetch(target, init);
  };
  return {fetch: fetcher, sent};
}

/** Resolves when check() holds, trying every 50 ms for up to 20 s. */
export async function until(check, what) {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail("gave up waiting for " + what);
}
