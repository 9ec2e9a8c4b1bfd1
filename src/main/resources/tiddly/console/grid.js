// The grid: one page of rows from a QUERY the user shapes (where, orderby, select), cursor paging
// with the answer's `next`, links along foreign keys both ways, and live changes.

import {byId, el, fill, shown} from "./dom.js";
import {tableUrl} from "./api.js";
import {show as showCopy} from "./copyas.js";
import {subscribe} from "./live.js";

const PAGE = 25;

/** A fragment link to `table` filtered by `where`. */
export function link(table, where) {
  return "#/" + encodeURIComponent(table) + (where ? "?where=" + encodeURIComponent(JSON.stringify(where)) : "");
}

export class Grid {
  constructor(app) {
    this.app = app;
    byId("next").addEventListener("click", () => this.turn(+1));
    byId("previous").addEventListener("click", () => this.turn(-1));
    byId("live").addEventListener("change", () => this.listen());
  }

  /** Shows `table` with the query in `params` (from the URL's fragment), from its first page. */
  open(table, params) {
    this.table = table;
    this.where = params.has("where") ? JSON.parse(params.get("where")) : null;
    this.orderby = params.get("orderby") || null;
    this.select = params.has("select") ? params.get("select").split(",") : null;
    this.cursors = [null];
    this.load();
  }

  keys() {
    return this.table.view ? [] : this.table.primary_key;
  }

  /** The columns shown: the selected ones, or every column the caller may see. */
  columns() {
    const visible = this.table.columns.filter((column) => !column.hidden);
    return this.select ? visible.filter((column) => this.select.includes(column.name)) : visible;
  }

  /** Keeps the query in the fragment, so that a reload or a copied link shows the same rows. */
  remember() {
    const params = new URLSearchParams();
    if (this.where) params.set("where", JSON.stringify(this.where));
    if (this.orderby) params.set("orderby", this.orderby);
    if (this.select) params.set("select", this.select.join(","));
    const query = params.toString();
    history.replaceState(null, "", "#/" + encodeURIComponent(this.table.name) + (query ? "?" + query : ""));
  }

  /** Runs the query again from the first page with a changed where, orderby or select. */
  change(part) {
    Object.assign(this, part);
    this.cursors = [null];
    this.remember();
    this.load();
  }

  turn(step) {
    if (step > 0 && this.next) this.cursors.push(this.next);
    else if (step < 0 && this.cursors.length > 1) this.cursors.pop();
    else return;
    this.load();
  }

  async load() {
    const body = {};
    if (this.select) body.select = this.select;
    if (this.where) body.where = this.where;
    if (this.orderby) body.orderby = this.orderby;
    body.limit = PAGE;
    const cursor = this.cursors[this.cursors.length - 1];
    if (cursor) body.cursor = cursor;
    if (this.keys().length) body.etag = true;
    const operation = {kind: "query", table: this.table.name, where: this.where, orderby: this.orderby,
      select: this.select, limit: PAGE, page: this.cursors.length};
    const result = await this.app.api.send("QUERY", tableUrl(this.table.name), {body, operation});
    showCopy(byId("view-copy"), result.request);
    byId("grid-error").textContent = result.ok ? "" : result.json.error + (result.json.code ? " (" + result.json.code + ")" : "");
    this.rows = result.ok ? result.json.data : [];
    this.next = result.ok ? result.json.next : null;
    this.render();
    this.listen();
  }

  /** The key of a row as a string, to find it again when it changes. */
  keyOf(row) {
    return JSON.stringify(this.keys().map((name) => row[name]));
  }

  render() {
    const columns = this.columns();
    const incoming = this.app.referencing(this.table.name);
    const writable = this.keys().length === 1;
    const header = el("tr", {}, columns.map((column) => this.headerCell(column)),
      incoming.map(({table}) => el("th", {scope: "col", className: "relation"}, table + " ←")),
      writable ? el("th", {scope: "col"}, "Actions") : null);
    const body = el("tbody", {}, this.rows.map((row) => this.rowElement(row, columns, incoming, writable)));
    fill(byId("grid"), el("thead", {}, header), body);
    byId("previous").disabled = this.cursors.length <= 1;
    byId("next").disabled = !this.next;
    byId("page").textContent = "Page " + this.cursors.length + (this.rows.length ? "" : " (no rows)");
    byId("insert").hidden = !this.app.may(this.table.name, "insert");
  }

  headerCell(column) {
    const [term, direction] = (this.orderby || "").split(/\s+/);
    const sorted = term === column.name;
    const button = el("button", {type: "button", className: "sort", dataset: {column: column.name}},
      column.name, sorted ? (direction === "desc" ? " ▼" : " ▲") : "");
    button.addEventListener("click", () => this.change({
      orderby: sorted && direction !== "desc" ? column.name + " desc" : column.name}));
    return el("th", {scope: "col", "aria-sort": sorted ? (direction === "desc" ? "descending" : "ascending") : undefined},
      button);
  }

  rowElement(row, columns, incoming, writable) {
    const foreign = new Map(this.table.foreign_keys.filter((key) => key.columns.length === 1)
      .map((key) => [key.columns[0], key]));
    const cells = columns.map((column) => {
      const value = row[column.name];
      const key = foreign.get(column.name);
      const text = el("td", {className: value === null ? "null" : undefined, dataset: {column: column.name}});
      if (key && value !== null && value !== undefined) {
        text.append(el("a", {href: link(key.references, {[key.referenced_columns[0]]: value})}, shown(value)));
      } else {
        text.textContent = shown(value);
      }
      if (writable) text.addEventListener("dblclick", () => this.app.editor.edit(this.table, row, column.name));
      return text;
    });
    const related = incoming.map(({table, key}) => {
      const where = Object.fromEntries(key.columns.map((name, i) => [name, row[key.referenced_columns[i]]]));
      return el("td", {className: "relation"}, el("a", {href: link(table, where)}, table));
    });
    let actions = null;
    if (writable) {
      const edit = el("button", {type: "button", className: "edit"}, "Edit");
      edit.addEventListener("click", () => this.app.editor.edit(this.table, row));
      const remove = el("button", {type: "button", className: "delete"}, "Delete");
      remove.addEventListener("click", () => this.app.editor.remove(this.table, row));
      edit.hidden = !this.app.may(this.table.name, "update");
      remove.hidden = !this.app.may(this.table.name, "delete");
      actions = el("td", {className: "actions"}, edit, remove);
    }
    return el("tr", {dataset: {key: this.keyOf(row)}}, cells, related, actions);
  }

  /** Puts a changed row in place (or first, when new), marked so the eye finds it. */
  put(row, kind) {
    const key = this.keyOf(row);
    const index = this.rows.findIndex((existing) => this.keyOf(existing) === key);
    if (index >= 0) this.rows[index] = {...this.rows[index], ...row, _etag: row._etag};
    else this.rows.unshift(row);
    const columns = this.columns();
    const element = this.rowElement(index >= 0 ? this.rows[index] : row, columns,
      this.app.referencing(this.table.name), this.keys().length === 1);
    element.classList.add(kind);
    const old = [...byId("grid").querySelectorAll("tbody tr")].find((tr) => tr.dataset.key === key);
    if (old) old.replaceWith(element);
    else byId("grid").querySelector("tbody").prepend(element);
  }

  drop(row) {
    const key = this.keyOf(row);
    this.rows = this.rows.filter((existing) => this.keyOf(existing) !== key);
    const old = [...byId("grid").querySelectorAll("tbody tr")].find((tr) => tr.dataset.key === key);
    if (old) old.remove();
  }

  /** (Re)subscribes to the rows of the current where, when Live is on and the table has a key. */
  listen() {
    if (this.stop) this.stop();
    this.stop = null;
    const state = byId("live-state");
    if (!byId("live").checked || !this.keys().length) {
      state.textContent = "";
      return;
    }
    state.textContent = "connecting";
    const select = this.select ? [...new Set([...this.keys(), ...this.select])] : null;
    this.stop = subscribe(this.app.api, this.table.name, this.where, select, {
      insert: (row) => this.put({...row, _etag: undefined}, "inserted"),
      update: (row) => this.put({...row, _etag: undefined}, "updated"),
      delete: (row) => this.drop(row),
      state: (text) => {
        state.textContent = text;
      },
    });
  }

  close() {
    if (this.stop) this.stop();
    this.stop = null;
  }
}
