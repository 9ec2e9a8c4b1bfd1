// One table's schema from /_schema (and read-only marks from /_openapi, which is per role).

import {el, fill} from "./dom.js";

const mark = (yes) => (yes ? "yes" : "");

export function showSchema(container, table, app) {
  const head = el("tr", {}, ["Column", "Type", "JSON type", "Nullable", "Default", "Key", "Generated", "Hidden",
    "Read-only"].map((name) => el("th", {scope: "col"}, name)));
  const rows = table.columns.map((column) => el("tr", {},
    el("th", {scope: "row"}, column.name), el("td", {}, column.type), el("td", {}, column.json_type),
    el("td", {}, mark(column.nullable)), el("td", {}, column.default ?? ""),
    el("td", {}, mark(column.primary_key)), el("td", {}, mark(column.generated)),
    el("td", {}, mark(column.hidden)), el("td", {}, mark(app.readOnly(table.name, column.name)))));
  const outgoing = table.foreign_keys.map((key) => el("li", {},
    key.columns.join(", ") + " → ",
    el("a", {href: "#/" + encodeURIComponent(key.references)}, key.references),
    "." + key.referenced_columns.join(", ")));
  const incoming = app.referencing(table.name).map(({table: other, key}) => el("li", {},
    el("a", {href: "#/" + encodeURIComponent(other)}, other), "." + key.columns.join(", ") + " → "
      + key.referenced_columns.join(", ")));
  fill(container,
    el("p", {}, table.view ? "A view: it can be read, not written." : "Primary key: "
      + (table.primary_key.length ? table.primary_key.join(", ") : "none shown")),
    el("div", {className: "grid-wrap"}, el("table", {className: "schema"}, el("thead", {}, head), el("tbody", {}, rows))),
    el("h3", {}, "Foreign keys"), outgoing.length ? el("ul", {}, outgoing) : el("p", {}, "None."),
    el("h3", {}, "Referenced by"), incoming.length ? el("ul", {}, incoming) : el("p", {}, "None."),
    el("h3", {}, "Check constraints"),
    el("p", {}, "/_schema does not list them; a write that breaks one is refused with 409 check_violation, "
      + "whose message the form shows with the check's text."));
}
