// The console: what the caller may read (/_schema, /_openapi), the table in the URL's fragment
// (#/<table>?where=…&orderby=…&select=…), and the views that show it.

import {byId} from "./dom.js";
import {Api, root} from "./api.js";
import {Grid} from "./grid.js";
import {Editor} from "./editor.js";
import {Filter, showColumns} from "./filter.js";
import {setUpSignIn, showWho} from "./signin.js";
import {setUpTables, showTables} from "./tables.js";
import {showSchema} from "./schema.js";

const VERBS = {insert: "post", update: "put", delete: "delete"};

class Console {
  constructor() {
    this.api = new Api();
    this.tables = [];
    this.openapi = null;
    this.grid = new Grid(this);
    this.editor = new Editor(this);
    this.filter = new Filter(byId("filter"), (where) => this.grid.change({where}));
    setUpSignIn(this);
    setUpTables(this);
    this.toggles();
    window.addEventListener("hashchange", () => this.route());
  }

  /** Reads what the caller may see, then shows the table the fragment names. */
  async start() {
    showWho(this);
    const [schema, openapi, info] = await Promise.all([
      this.api.send("GET", new URL("_schema", root).href),
      this.api.send("GET", new URL("_openapi", root).href),
      this.api.send("GET", new URL("_info", root).href)]);
    this.tables = schema.ok ? schema.json.data : [];
    this.openapi = openapi.ok ? openapi.json : null;
    const login = this.openapi?.paths?.["/_login"]?.post?.requestBody?.content;
    const body = login ? Object.values(login)[0]?.schema : null;
    this.loginIdentity = body?.required?.find((name) => name !== "password") || "email";
    showTables(this);
    // Under rules an anonymous caller is told no version: offer to sign in straight away.
    const rules = info.ok && !("version" in info.json.data);
    if (!this.api.credentials && rules) byId("sign-in").hidden = false;
    this.route();
  }

  table(name) {
    return this.tables.find((table) => table.name === name);
  }

  /** The foreign keys of other tables (and this one) that point at `name`. */
  referencing(name) {
    return this.tables.flatMap((table) => table.foreign_keys
      .filter((key) => key.references === name)
      .map((key) => ({table: table.name, key})));
  }

  /** The table's entry in the caller's OpenAPI document (its component name as Tiddly cleans it). */
  component(name) {
    return this.openapi?.components?.schemas?.[name.replace(/[^A-Za-z0-9_-]/g, "_")];
  }

  readOnly(table, column) {
    return Boolean(this.component(table)?.properties?.[column]?.readOnly);
  }

  /** Whether the caller's role may insert, update or delete rows of `table` (from /_openapi). */
  may(table, verb) {
    const paths = this.openapi?.paths;
    if (!paths || this.table(table)?.view) return false;
    const path = "/" + encodeURIComponent(table).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
    return Object.entries(paths).some(([name, item]) =>
      (name === path || name.startsWith(path + "/{")) && VERBS[verb] in item);
  }

  route() {
    const hash = location.hash.replace(/^#\/?/, "");
    const [path, query] = hash.split("?");
    const table = path ? this.table(decodeURIComponent(path)) : null;
    for (const a of byId("tables").querySelectorAll("a")) {
      a.setAttribute("aria-current", table && a.dataset.table === table.name ? "page" : "false");
    }
    byId("welcome").hidden = Boolean(table);
    byId("table").hidden = !table;
    if (!table) {
      this.grid.close();
      byId("welcome").textContent = this.tables.length ? "Choose a table." : "There is no table you may read.";
      return;
    }
    byId("table-name").textContent = table.name + (table.view ? " (view)" : "");
    let params;
    try {
      params = new URLSearchParams(query || "");
      if (params.has("where")) JSON.parse(params.get("where"));
    } catch (badFragment) {
      params = new URLSearchParams();
    }
    this.grid.open(table, params);
    this.filter.show(table.columns.filter((column) => !column.hidden), this.grid.where);
    showColumns(byId("columns"), table.columns.filter((column) => !column.hidden), this.grid.select,
      table.view ? [] : table.primary_key, (select) => this.grid.change({select}));
    showSchema(byId("schema-view"), table, this);
    this.tab(false);
  }

  tab(schema) {
    byId("rows-view").hidden = schema;
    byId("schema-view").hidden = !schema;
    byId("tab-rows").setAttribute("aria-selected", String(!schema));
    byId("tab-schema").setAttribute("aria-selected", String(schema));
  }

  toggles() {
    byId("tab-rows").addEventListener("click", () => this.tab(false));
    byId("tab-schema").addEventListener("click", () => this.tab(true));
    for (const [button, panel] of [["filter-toggle", "filter"], ["columns-toggle", "columns"]]) {
      byId(button).addEventListener("click", () => {
        byId(panel).hidden = !byId(panel).hidden;
        byId(button).setAttribute("aria-expanded", String(!byId(panel).hidden));
      });
    }
    byId("insert").addEventListener("click", () => this.editor.insert(this.grid.table));
  }
}

new Console().start();
