// Inputs typed by a column's json_type, and the JSON value each gives back.

import {el} from "./dom.js";

const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const NUMERIC = new Set(["integer", "real", "numeric", "decimal"]);
const STRUCTURED = new Set(["json", "array", "any"]);

/** The kind of input a column gets: number, boolean, date, json or text. */
export function kind(column) {
  const type = column.json_type;
  if (NUMERIC.has(type)) return "number";
  if (type === "boolean") return "boolean";
  if (type === "date" || (type === "text" && /^DATE$/i.test(column.type))) return "date";
  if (STRUCTURED.has(type)) return "json";
  return "text";
}

/** An input for `column` holding `value` (undefined: empty). */
export function input(column, value, id) {
  const k = kind(column);
  let field;
  if (k === "boolean") {
    field = el("select", {id}, el("option", {value: ""}, ""), el("option", {value: "true"}, "true"),
      el("option", {value: "false"}, "false"));
    field.value = value === true ? "true" : value === false ? "false" : "";
  } else if (k === "json") {
    field = el("textarea", {id, rows: 3, spellcheck: "false"});
    field.value = value === undefined || value === null ? "" : JSON.stringify(value);
  } else {
    const type = k === "date" ? "date" : "text";
    field = el("input", {id, type, inputmode: k === "number" ? "decimal" : undefined});
    field.value = value === undefined || value === null ? "" : String(value);
  }
  field.dataset.kind = k;
  return field;
}

/**
 * The JSON value an input holds. Text that does not read as the column's type is sent as it is,
 * so that the server's validation answers for it (its details appear next to the field).
 */
export function read(field) {
  const text = field.value;
  switch (field.dataset.kind) {
    case "number":
      return NUMBER.test(text.trim()) ? Number(text.trim()) : text;
    case "boolean":
      return text === "true" ? true : text === "false" ? false : null;
    case "json":
      try {
        return JSON.parse(text);
      } catch (notJson) {
        return text; // the server says what it expects
      }
    default:
      return text;
  }
}

/** A value typed into a filter: numbers and booleans by the column, "null" as null. */
export function parseFilterValue(column, text) {
  if (text === "null") return null;
  const k = column ? kind(column) : "text";
  if (k === "number" && NUMBER.test(text.trim())) return Number(text.trim());
  if (k === "boolean" && (text === "true" || text === "false")) return text === "true";
  return text;
}
