// Signing in: a password through /_login (a bearer token), an API key, or a token pasted in.
// The credentials live in this tab's sessionStorage and go with every request the page sends.

import {byId} from "./dom.js";
import {root} from "./api.js";

/** The role a token names (its payload's role claim), for the header; the server checks the token. */
export function tokenRole(token) {
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(payload)).role || "user";
  } catch (notAJwt) {
    return null;
  }
}

export function setUpSignIn(app) {
  const section = byId("sign-in");
  const method = byId("sign-in-method");
  const error = byId("sign-in-error");
  const showFields = () => {
    for (const label of section.querySelectorAll("label[data-for]")) label.hidden = label.dataset.for !== method.value;
  };
  method.addEventListener("change", showFields);
  byId("sign-in-open").addEventListener("click", () => {
    section.hidden = false;
    error.textContent = "";
    method.focus();
  });
  byId("sign-in-cancel").addEventListener("click", () => {
    section.hidden = true;
  });
  byId("sign-out").addEventListener("click", () => {
    app.api.signOut();
    app.start();
  });
  byId("sign-in-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    let credentials;
    if (method.value === "password") {
      const user = byId("sign-in-user").value;
      const body = {[app.loginIdentity || "email"]: user, password: byId("sign-in-password").value};
      const result = await app.api.send("POST", new URL("_login", root).href, {body});
      if (!result.ok) {
        error.textContent = result.json.error || "sign-in failed";
        return;
      }
      credentials = {kind: "token", value: result.json.data.token, label: user};
    } else if (method.value === "apiKey") {
      credentials = {kind: "apiKey", value: byId("sign-in-key").value, label: "API key"};
    } else {
      credentials = {kind: "token", value: byId("sign-in-token").value.trim(), label: "token"};
    }
    const previous = app.api.credentials;
    app.api.signIn(credentials);
    const check = await app.api.send("GET", new URL("_schema", root).href);
    if (!check.ok) {
      if (previous) app.api.signIn(previous); else app.api.signOut();
      error.textContent = check.json.error || "these credentials were refused";
      return;
    }
    byId("sign-in-password").value = "";
    section.hidden = true;
    await app.start();
  });
  showFields();
}

/** The header's line: who is signed in. */
export function showWho(app) {
  const credentials = app.api.credentials;
  const role = credentials?.kind === "token" ? tokenRole(credentials.value) : null;
  byId("who").textContent = credentials
    ? "Signed in: " + credentials.label + (role ? " (role " + role + ")" : "")
    : "Not signed in";
  byId("sign-in-open").hidden = credentials !== null;
  byId("sign-out").hidden = credentials === null;
}
