// Tiddly's API explorer: Swagger UI over this server's own /_openapi, and nothing else. Every URL
// is relative, so the page works behind a proxy that serves Tiddly under a path too.
//
// The document describes what the caller's role may do, so once the user authorizes (a bearer
// token from POST /_login, Basic, or an API key) the document is fetched again with the same
// credentials; "Try it out" sends them with every request. They live in this page's memory only.
(function () {
  "use strict";

  var credentials = null; // {name: header name, value: header value}

  function base64(text) {
    var bytes = new TextEncoder().encode(text);
    var binary = "";
    bytes.forEach(function (b) {
      binary += String.fromCharCode(b);
    });
    return btoa(binary);
  }

  // Swagger UI's authorize payload → the header it stands for.
  function header(payload) {
    var found = null;
    Object.keys(payload).forEach(function (key) {
      var auth = payload[key];
      var scheme = auth.schema && (auth.schema.get ? auth.schema.toJS() : auth.schema);
      if (!scheme) {
        return;
      }
      if (scheme.type === "apiKey") {
        found = {name: scheme.name, value: auth.value};
      } else if (scheme.scheme === "bearer") {
        found = {name: "Authorization", value: "Bearer " + auth.value};
      } else if (scheme.scheme === "basic" && auth.value) {
        found = {name: "Authorization", value: "Basic " + base64(auth.value.username + ":" + auth.value.password)};
      }
    });
    return found;
  }

  function reload(system) {
    system.specActions.download(system.specSelectors.url());
  }

  // After the user authorizes or logs out, the document of their role replaces the one shown.
  function RoleDocument(system) {
    return {
      statePlugins: {
        auth: {
          wrapActions: {
            authorize: function (original) {
              return function (payload) {
                var result = original(payload);
                credentials = header(payload) || credentials;
                reload(system);
                return result;
              };
            },
            logout: function (original) {
              return function (payload) {
                var result = original(payload);
                credentials = null;
                reload(system);
                return result;
              };
            }
          }
        }
      }
    };
  }

  window.ui = SwaggerUIBundle({
    urls: [
      {url: "_openapi", name: "OpenAPI 3.1"},
      {url: "_openapi?version=3.2", name: "OpenAPI 3.2"}
    ],
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [RoleDocument],
    layout: "StandaloneLayout",
    validatorUrl: null, // the default asks a server on the internet to validate the document
    supportedSubmitMethods: ["get", "put", "post", "delete", "query", "FETCH"],
    requestInterceptor: function (request) {
      if (request.loadSpec && credentials) {
        request.headers[credentials.name] = credentials.value;
      }
      return request;
    }
  });
})();
