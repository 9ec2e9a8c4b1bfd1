// The public API, called with the caller's credentials. Every request is remembered as it was
// sent (method, URL, headers, body), so that "Copy as" can show exactly that request.

const STORE = "tiddly.console.credentials";
const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Where the API is: the folder the page's URL is in (the page is <root>/_admin). */
export const root = new URL(".", document.baseURI).href;

/** A table's URL, or a row's when a key is given; names and keys are percent-encoded. */
export function tableUrl(table, key) {
  const path = encodeURIComponent(table) + (key === undefined ? "" : "/" + encodeURIComponent(String(key)));
  return new URL(path, root).href;
}

export class Api {
  constructor() {
    const saved = sessionStorage.getItem(STORE);
    /** {kind: "token" | "apiKey", value, label} or null for an anonymous caller. */
    this.credentials = saved ? JSON.parse(saved) : null;
  }

  signIn(credentials) {
    this.credentials = credentials;
    sessionStorage.setItem(STORE, JSON.stringify(credentials));
  }

  signOut() {
    this.credentials = null;
    sessionStorage.removeItem(STORE);
  }

  /** The headers that carry the caller's credentials. */
  authHeaders() {
    if (!this.credentials) return {};
    if (this.credentials.kind === "apiKey") return {"X-API-Key": this.credentials.value};
    return {"Authorization": "Bearer " + this.credentials.value};
  }

  /**
   * Sends one request and answers {status, ok, json, etag, request}; never throws for an HTTP
   * error. `operation` describes the call for the JS client's snippet ({kind, table, ...}).
   */
  async send(method, url, {body, ifMatch, operation} = {}) {
    const headers = {"Accept": "application/json", ...this.authHeaders()};
    // Writes always say JSON, a DELETE without a body too: Tiddly refuses a browser's write of
    // another type from an origin --cors-origins does not name (docs/security.md), this page's too.
    if (body !== undefined || WRITES.has(method)) headers["Content-Type"] = "application/json";
    if (ifMatch !== undefined) headers["If-Match"] = ifMatch;
    const text = body === undefined ? undefined : JSON.stringify(body);
    const request = {method, url, headers, body: text, operation, credentials: this.credentials};
    let response;
    try {
      response = await fetch(url, {method, headers, body: text, cache: "no-store"});
    } catch (failure) {
      return {status: 0, ok: false, json: {error: "the server did not answer: " + failure.message}, request};
    }
    let json = null;
    try {
      json = await response.json();
    } catch (notJson) {
      json = {error: "the answer was not JSON (HTTP " + response.status + ")"};
    }
    return {status: response.status, ok: response.ok, json, etag: response.headers.get("ETag"), request};
  }
}
