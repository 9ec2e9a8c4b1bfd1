// The row form: insert, edit (only changed columns, with If-Match) and delete (after a
// confirmation, with If-Match). A 412 shows the other change and lets the user choose; a 400's
// details appear next to their fields.

import {byId, el, fill, shown} from "./dom.js";
import {tableUrl} from "./api.js";
import {show as showCopy} from "./copyas.js";
import {input, read} from "./values.js";

const describe = (json) => (json.error || "failed") + (json.code ? " (" + json.code + ")" : "");

export class Editor {
  constructor(app) {
    this.app = app;
    this.dialog = byId("editor");
    byId("editor-cancel").addEventListener("click", () => this.dialog.close());
    byId("editor-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.save();
    });
    byId("confirm-no").addEventListener("click", () => byId("confirm").close());
    byId("confirm-yes").addEventListener("click", () => this.confirmDelete());
  }

  /** The empty form of a new row. */
  insert(table) {
    this.open(table, null, null, undefined);
  }

  /** The form of an existing row, read again first for its current values and ETag. */
  async edit(table, row, focus) {
    const key = row[table.primary_key[0]];
    const result = await this.app.api.send("GET", tableUrl(table.name, key));
    if (!result.ok) {
      byId("grid-error").textContent = describe(result.json);
      return;
    }
    this.open(table, result.json.data, result.etag, focus);
  }

  open(table, row, etag, focus) {
    this.table = table;
    this.row = row;
    this.etag = etag;
    byId("editor-title").textContent = (row ? "Edit a row of " : "Insert a row into ") + table.name;
    byId("editor-error").textContent = "";
    byId("conflict").hidden = true;
    fill(byId("write-copy"), byId("write-copy").querySelector("summary"));
    byId("write-copy").hidden = true;
    const fields = table.columns.filter((column) => !column.hidden || !row).map((column) => this.field(column, row));
    fill(byId("fields"), fields);
    this.dialog.showModal();
    const target = focus ? byId("field-" + focus) : this.dialog.querySelector("#fields input, #fields select, #fields textarea");
    if (target && !target.disabled) target.focus();
  }

  field(column, row) {
    const id = "field-" + column.name;
    const fixed = (row && column.primary_key) || column.generated || this.app.readOnly(this.table.name, column.name);
    const value = row ? row[column.name] : undefined;
    const control = input(column, value, id);
    control.disabled = Boolean(fixed);
    control.setAttribute("aria-describedby", "error-" + column.name);
    const isNull = el("input", {type: "checkbox", className: "is-null", id: "null-" + column.name});
    isNull.checked = row !== null && value === null;
    isNull.disabled = Boolean(fixed);
    isNull.addEventListener("change", () => {
      control.disabled = isNull.checked || Boolean(fixed);
    });
    if (isNull.checked) control.disabled = true;
    const notes = [column.json_type, column.nullable ? "" : "required", column.generated ? "generated" : "",
      column.primary_key ? "key" : ""].filter(Boolean).join(", ");
    return el("div", {className: "field", dataset: {column: column.name}},
      el("label", {for: id}, column.name, el("small", {}, " " + notes)), control,
      column.nullable ? el("label", {className: "null"}, isNull, " null") : null,
      el("p", {className: "error field-error", id: "error-" + column.name, role: "alert"}));
  }

  /** The columns the form changes: all that were filled in for an insert, the changed ones for an edit. */
  values() {
    const values = {};
    for (const column of this.table.columns) {
      const control = byId("field-" + column.name);
      const isNull = byId("null-" + column.name);
      if (!control || (control.disabled && !isNull?.checked)) continue;
      const value = isNull?.checked ? null : read(control);
      if (this.row) {
        if (JSON.stringify(value) !== JSON.stringify(this.row[column.name])) values[column.name] = value;
      } else if (isNull?.checked || control.value !== "") {
        values[column.name] = value;
      }
    }
    return values;
  }

  async save(overwrite) {
    for (const error of byId("fields").querySelectorAll(".field-error")) error.textContent = "";
    byId("editor-error").textContent = "";
    const changes = overwrite ? overwrite.changes : this.values();
    const name = this.table.name;
    let result;
    if (this.row) {
      const key = this.row[this.table.primary_key[0]];
      if (Object.keys(changes).length === 0) return this.dialog.close();
      result = await this.app.api.send("PUT", tableUrl(name, key), {body: changes, ifMatch: this.etag,
        operation: {kind: "update", table: name, key, changes, ifMatch: this.etag}});
    } else {
      result = await this.app.api.send("POST", tableUrl(name), {body: changes,
        operation: {kind: "create", table: name, row: changes}});
    }
    showCopy(byId("write-copy"), result.request);
    byId("write-copy").hidden = false;
    if (result.ok) {
      this.dialog.close();
      this.app.grid.put({...result.json.data, _etag: result.etag}, this.row ? "updated" : "inserted");
      return;
    }
    if (result.status === 412) return this.conflict(result, changes);
    byId("editor-error").textContent = describe(result.json);
    for (const [column, problem] of Object.entries(result.json.details || {})) {
      const place = byId("error-" + column);
      if (place) place.textContent = problem;
      else byId("editor-error").textContent += "; " + column + ": " + problem;
    }
  }

  /** The row changed since it was read: theirs beside mine, and the choice. */
  conflict(result, changes) {
    const theirs = result.json.data;
    const panel = byId("conflict");
    const rows = Object.keys(theirs || {}).map((column) => el("tr",
      {className: JSON.stringify(theirs[column]) !== JSON.stringify(this.row[column]) ? "differs" : undefined},
      el("th", {scope: "row"}, column), el("td", {}, shown(this.row[column])), el("td", {}, shown(theirs[column])),
      el("td", {}, column in changes ? shown(changes[column]) : "")));
    const overwrite = el("button", {type: "button", id: "keep-mine"}, "Overwrite with my changes");
    overwrite.addEventListener("click", () => {
      this.etag = result.etag;
      this.row = theirs;
      panel.hidden = true;
      this.save({changes});
    });
    const take = el("button", {type: "button", id: "take-theirs"}, "Take theirs");
    take.addEventListener("click", () => {
      this.app.grid.put({...theirs, _etag: result.etag}, "updated");
      this.open(this.table, theirs, result.etag);
    });
    fill(panel, el("p", {}, "Someone changed this row since you opened it (412 etag_mismatch)."),
      theirs ? el("table", {}, el("thead", {}, el("tr", {}, ["Column", "When you read it", "Now", "Your change"]
        .map((name) => el("th", {scope: "col"}, name)))), el("tbody", {}, rows)) : null,
      el("div", {className: "buttons"}, overwrite, theirs ? take : null));
    panel.hidden = false;
    overwrite.focus();
  }

  remove(table, row) {
    this.table = table;
    this.row = row;
    this.etag = row._etag;
    byId("confirm-text").textContent = "Delete the row of " + table.name + " with "
      + table.primary_key[0] + " " + shown(row[table.primary_key[0]]) + "?";
    byId("confirm-error").textContent = "";
    byId("confirm-yes").textContent = "Delete";
    fill(byId("delete-copy"), byId("delete-copy").querySelector("summary"));
    byId("confirm").showModal();
    byId("confirm-no").focus();
  }

  async confirmDelete() {
    const name = this.table.name;
    const key = this.row[this.table.primary_key[0]];
    if (!this.etag) { // a row a live event changed: read its current ETag
      const current = await this.app.api.send("GET", tableUrl(name, key));
      this.etag = current.etag || "*";
    }
    const result = await this.app.api.send("DELETE", tableUrl(name, key), {ifMatch: this.etag,
      operation: {kind: "delete", table: name, key, ifMatch: this.etag}});
    showCopy(byId("delete-copy"), result.request);
    if (result.ok) {
      byId("confirm").close();
      this.app.grid.drop(this.row);
      return;
    }
    byId("confirm-error").textContent = describe(result.json)
      + (result.status === 412 && result.json.data ? "; it is now " + JSON.stringify(result.json.data) : "");
    if (result.status === 412) {
      this.etag = result.etag;
      byId("confirm-yes").textContent = "Delete it as it is now";
    }
  }
}
