// "Copy as": the request the page sent, as curl, as fetch() and as a call of the JS client.

import {el, fill} from "./dom.js";
import {root} from "./api.js";

const origin = root.replace(/\/$/, "");

/** A word for a POSIX shell: in single quotes, each ' written as '\''. */
const quote = (text) => "'" + text.replace(/'/g, "'\\''") + "'";

export function curl(request) {
  const parts = ["curl"];
  if (request.method !== "GET") parts.push("-X " + request.method);
  parts.push(quote(request.url));
  for (const [name, value] of Object.entries(request.headers)) parts.push("-H " + quote(name + ": " + value));
  if (request.body !== undefined) parts.push("--data-raw " + quote(request.body));
  return parts.join(" \\\n  ");
}

export function fetchCall(request) {
  const options = ["  method: " + JSON.stringify(request.method)];
  options.push("  headers: " + JSON.stringify(request.headers));
  if (request.body !== undefined) options.push("  body: JSON.stringify(" + request.body + ")");
  return "await fetch(" + JSON.stringify(request.url) + ", {\n" + options.join(",\n")
    + "\n}).then(response => response.json())";
}

/** db.book, or db["a-table"] for a name that is not an identifier. */
const accessor = (table) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(table) ? "db." + table : "db[" + JSON.stringify(table) + "]";

function connect(credentials) {
  const lines = ["import {connect} from " + JSON.stringify(origin + "/_client.js") + ";"];
  let options = "";
  if (credentials?.kind === "apiKey") options = ", {apiKey: " + JSON.stringify(credentials.value) + "}";
  if (credentials?.kind === "token") options = ", {token: " + JSON.stringify(credentials.value) + "}";
  lines.push("const db = await connect(" + JSON.stringify(origin) + options + ");");
  return lines;
}

/** The same operation through the JS client (/_client.js), when the request is one it makes. */
export function client(request) {
  const op = request.operation;
  if (!op) return null;
  const lines = connect(request.credentials);
  const table = accessor(op.table);
  const etag = op.ifMatch ? ", {ifMatch: " + JSON.stringify(op.ifMatch) + "}" : "";
  if (op.kind === "query") {
    let chain = table;
    chain += ".where(" + JSON.stringify(op.where || {}) + ")";
    if (op.orderby) chain += ".orderBy(" + JSON.stringify(op.orderby) + ")";
    if (op.select) chain += ".select(" + op.select.map((name) => JSON.stringify(name)).join(", ") + ")";
    if (op.limit) chain += ".limit(" + op.limit + ")";
    if (op.page > 1) lines.push("// page " + op.page + " of this query: the client follows the answer's next cursor");
    lines.push("await " + chain + ".all();");
  } else if (op.kind === "create") {
    lines.push("await " + table + ".create(" + JSON.stringify(op.row) + ");");
  } else if (op.kind === "update") {
    lines.push("await " + table + ".update(" + JSON.stringify(op.key) + ", " + JSON.stringify(op.changes) + etag + ");");
  } else if (op.kind === "delete") {
    lines.push("await " + table + ".delete(" + JSON.stringify(op.key) + etag + ");");
  } else {
    return null;
  }
  return lines.join("\n");
}

async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  } catch (refused) {
    button.textContent = "Select and copy by hand";
  }
}

/** Shows `request` in a <details> panel, under its <summary>. */
export function show(details, request) {
  const summary = details.querySelector("summary");
  const blocks = [["curl", curl(request)], ["fetch", fetchCall(request)], ["client", client(request)]];
  fill(details, summary);
  for (const [name, text] of blocks) {
    if (text === null) continue;
    const button = el("button", {type: "button", className: "copy"}, "Copy " + name);
    button.addEventListener("click", () => copy(text, button));
    details.append(el("div", {className: "snippet"}, el("h3", {}, name === "client" ? "JS client" : name),
      el("pre", {className: "copy-" + name, tabindex: 0}, text), button));
  }
}
