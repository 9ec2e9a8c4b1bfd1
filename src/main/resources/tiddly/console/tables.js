// The list of tables and views the caller may read, with row counts on request.

import {byId, el, fill} from "./dom.js";
import {tableUrl} from "./api.js";

export function showTables(app) {
  const items = app.tables.map((table) => el("li", {},
    el("a", {href: "#/" + encodeURIComponent(table.name), dataset: {table: table.name}}, table.name),
    table.view ? el("small", {}, " view") : null,
    el("span", {className: "count", dataset: {table: table.name}})));
  fill(byId("tables"), items.length ? items : el("li", {}, "No tables you may read."));
}

/** Counts every table's rows: a query with limit 0 and count, one per table. */
export async function countRows(app) {
  await Promise.all(app.tables.map(async (table) => {
    const result = await app.api.send("QUERY", tableUrl(table.name), {body: {limit: 0, count: true}});
    const cell = byId("tables").querySelector(`span.count[data-table="${CSS.escape(table.name)}"]`);
    if (cell) cell.textContent = result.ok ? " " + result.json.count : " ?";
  }));
}

export function setUpTables(app) {
  byId("count-rows").addEventListener("click", () => countRows(app));
}
