// The filter: a builder of conditions that writes the `where` JSON, and that JSON to edit by hand.

import {el, fill} from "./dom.js";
import {parseFilterValue} from "./values.js";

const OPERATORS = ["eq", "ne", "gt", "gte", "lt", "lte", "like", "ilike", "in", "nin", "is"];

/** The `where` of a list of {column, op, value} conditions, all ANDed. */
export function whereOf(conditions, columns) {
  const parts = conditions.map(({column, op, text}) => {
    const definition = columns.find((c) => c.name === column);
    let value;
    if (op === "in" || op === "nin") {
      value = text === "" ? [] : text.split(",").map((part) => parseFilterValue(definition, part.trim()));
    } else if (op === "is") {
      value = text === "true" ? true : text === "false" ? false : null;
    } else {
      value = parseFilterValue(definition, text);
    }
    return {[column]: op === "eq" ? value : {[op]: value}};
  });
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0] : {and: parts};
}

export class Filter {
  /** `apply(where)` runs the query with the new where (null for none). */
  constructor(container, apply) {
    this.container = container;
    this.apply = apply;
  }

  show(columns, where) {
    this.columns = columns;
    const list = el("ol", {className: "conditions"});
    const raw = el("textarea", {id: "where-json", rows: 3, spellcheck: "false", "aria-label": "where as JSON"});
    raw.value = where ? JSON.stringify(where) : "";
    const error = el("p", {className: "error", role: "alert"});
    const addCondition = () => {
      const column = el("select", {"aria-label": "column"}, columns.map((c) => el("option", {value: c.name}, c.name)));
      const op = el("select", {"aria-label": "operator"}, OPERATORS.map((name) => el("option", {value: name}, name)));
      const value = el("input", {"aria-label": "value", placeholder: "value; null; a,b for in"});
      const remove = el("button", {type: "button", "aria-label": "remove condition"}, "×");
      const item = el("li", {className: "condition"}, column, op, value, remove);
      remove.addEventListener("click", () => item.remove());
      list.append(item);
      column.focus();
    };
    const add = el("button", {type: "button", id: "add-condition"}, "Add condition");
    add.addEventListener("click", addCondition);
    const build = el("button", {type: "button", id: "apply-conditions"}, "Apply conditions");
    build.addEventListener("click", () => {
      const conditions = [...list.querySelectorAll("li")].map((item) => {
        const [column, op] = item.querySelectorAll("select");
        return {column: column.value, op: op.value, text: item.querySelector("input").value};
      });
      const built = whereOf(conditions, columns);
      raw.value = built ? JSON.stringify(built) : "";
      this.apply(built);
    });
    const applyRaw = el("button", {type: "button", id: "apply-where"}, "Apply JSON");
    applyRaw.addEventListener("click", () => {
      error.textContent = "";
      if (raw.value.trim() === "") return this.apply(null);
      try {
        this.apply(JSON.parse(raw.value));
      } catch (notJson) {
        error.textContent = "not JSON: " + notJson.message;
      }
    });
    const clear = el("button", {type: "button", id: "clear-filter"}, "Clear");
    clear.addEventListener("click", () => {
      list.replaceChildren();
      raw.value = "";
      this.apply(null);
    });
    fill(this.container,
      el("h3", {}, "Conditions (all must hold)"), list, el("div", {className: "buttons"}, add, build),
      el("label", {for: "where-json"}, "where (JSON, as in the API)"), raw, error,
      el("div", {className: "buttons"}, applyRaw, clear));
  }
}

/** The column picker: which columns `select` names. Key columns stay, so rows can be edited. */
export function showColumns(container, columns, selected, keys, apply) {
  const boxes = columns.map((column) => {
    const box = el("input", {type: "checkbox", value: column.name, id: "column-" + column.name});
    box.checked = !selected || selected.includes(column.name) || keys.includes(column.name);
    box.disabled = keys.includes(column.name);
    return el("label", {className: "pick"}, box, " " + column.name);
  });
  const applyButton = el("button", {type: "button", id: "apply-columns"}, "Show these columns");
  applyButton.addEventListener("click", () => {
    const names = [...container.querySelectorAll("input:checked")].map((box) => box.value);
    apply(names.length === columns.length ? null : names);
  });
  fill(container, el("div", {className: "picks"}, boxes), applyButton);
}
