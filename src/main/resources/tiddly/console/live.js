// Live rows: the table's stream (docs/realtime.md) for the grid's where and select. EventSource
// cannot send headers, so a token goes as ?access_token=; an API key needs a header, so with one
// the stream is read through fetch() instead.

import {tableUrl} from "./api.js";

/** Listens; `on` has insert, update, delete(row) and state(text). Answers a function that stops. */
export function subscribe(api, table, where, select, on) {
  const params = new URLSearchParams();
  if (where) params.set("where", JSON.stringify(where));
  if (select) params.set("select", select.join(","));
  const credentials = api.credentials;
  if (credentials?.kind === "token") params.set("access_token", credentials.value);
  const query = params.toString();
  const url = tableUrl(table) + (query ? "?" + query : "");
  const dispatch = (type, data) => {
    if (type === "ready") on.state("live");
    else if (type === "insert" || type === "update" || type === "delete") on[type](JSON.parse(data).row);
    else if (type === "reset" || type === "auth_expired") on.state("stopped: " + JSON.parse(data).error);
  };
  if (credentials?.kind === "apiKey") return fetchStream(url, api.authHeaders(), dispatch, on);
  const source = new EventSource(url);
  for (const type of ["ready", "insert", "update", "delete", "reset", "auth_expired"]) {
    source.addEventListener(type, (event) => dispatch(type, event.data));
  }
  source.onerror = () => on.state(source.readyState === EventSource.CLOSED ? "not live" : "reconnecting");
  return () => source.close();
}

function fetchStream(url, headers, dispatch, on) {
  const stop = new AbortController();
  (async () => {
    const response = await fetch(url, {headers: {...headers, Accept: "text/event-stream"}, signal: stop.signal});
    if (!response.ok) return on.state("not live (HTTP " + response.status + ")");
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const {value, done} = await reader.read();
      if (done) return on.state("not live");
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let type = "message";
        const data = [];
        for (const line of block.split("\n")) {
          if (line.startsWith("event:")) type = line.slice(6).trim();
          else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
        }
        if (data.length) dispatch(type, data.join("\n"));
      }
    }
  })().catch((failure) => {
    if (failure.name !== "AbortError") on.state("not live: " + failure.message);
  });
  return () => stop.abort();
}
