// envdiff's GitHub Action (action.yml): packages/cli/src/action.ts and what it imports, bundled by
// scripts/action-bundle.mjs. Generated: do not edit; `npm run action:bundle` rewrites it.

// packages/cli/src/action.ts
import { randomUUID } from "node:crypto";
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// packages/cli/src/errors.ts
var UsageError = class extends Error {
};
var ApiFailure = class extends Error {
};

// packages/cli/src/gate.ts
var SEVERITY_ORDER = ["none", "info", "low", "medium", "high"];
var EXIT = { pass: 0, differences: 1, failed: 2, error: 3, inconclusive: 4 };
var DEFAULT_GATE = { failOn: "high", newOnly: false, failOnInconclusive: false };
var rank = (level) => SEVERITY_ORDER.indexOf(level);
function failing(differences, failOn, newOnly) {
  if (failOn === "none") return [];
  return differences.filter((d) => rank(d.severity) >= rank(failOn) && (!newOnly || d.history === "new"));
}
function exitCode(outcomes, failOnInconclusive) {
  if (outcomes.some((o) => o.failed)) return EXIT.failed;
  if (outcomes.some((o) => o.failing.length > 0)) return EXIT.differences;
  if (failOnInconclusive && outcomes.some((o) => o.inconclusive)) return EXIT.inconclusive;
  return EXIT.pass;
}

// packages/cli/src/request-flags.ts
var REQUEST_FLAGS = {
  method: { type: "string" },
  header: { type: "string", short: "H", multiple: true },
  "left-header": { type: "string", multiple: true },
  "right-header": { type: "string", multiple: true },
  "ignore-header": { type: "string", multiple: true },
  "ignore-path": { type: "string", multiple: true },
  samples: { type: "string" },
  timeout: { type: "string" },
  mask: { type: "string", multiple: true },
  "array-key": { type: "string", multiple: true },
  "unordered-path": { type: "string", multiple: true },
  "left-label": { type: "string" },
  "right-label": { type: "string" },
  "body-json": { type: "string" },
  "body-text": { type: "string" },
  "body-content-type": { type: "string" },
  "body-secret": { type: "boolean" }
};

// packages/cli/src/args.ts
var OPTIONS = {
  server: { type: "string" },
  token: { type: "string" },
  config: { type: "string", short: "c" },
  format: { type: "string", short: "f" },
  "fail-on": { type: "string" },
  "new-only": { type: "boolean" },
  "fail-on-inconclusive": { type: "boolean" },
  wait: { type: "string" },
  "idempotency-key": { type: "string" },
  ...REQUEST_FLAGS,
  "left-base": { type: "string" },
  "right-base": { type: "string" },
  paths: { type: "string" },
  openapi: { type: "string" },
  sitemap: { type: "string" },
  name: { type: "string" },
  limit: { type: "string" },
  run: { type: "string" },
  force: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" }
};
function serverUrl(raw, from) {
  if (!/^https?:\/\/[^/]+/i.test(raw)) throw new UsageError(`${from} must be an http(s) URL, got ${raw}`);
  return raw.replace(/\/+$/, "");
}

// packages/cli/src/check.ts
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";

// packages/cli/src/env-refs.ts
var REFERENCE = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
function hasReference(text) {
  return [...text.matchAll(REFERENCE)].some((m) => m[1] === "");
}
function expandString(text, at, env, missing) {
  return text.replace(REFERENCE, (whole, escaped, name) => {
    if (escaped) return whole.slice(1);
    const value = env[name];
    if (value === void 0 || value === "") {
      missing.push({ name, at });
      return "";
    }
    return value;
  });
}
function expandValue(value, at, env, missing) {
  if (typeof value === "string") return expandString(value, at, env, missing);
  if (Array.isArray(value)) return value.map((v, i) => expandValue(v, `${at}[${i}]`, env, missing));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [key, expandValue(v, `${at}.${key}`, env, missing)])
    );
  }
  return value;
}
function expandReferences(value, at, env, file) {
  const missing = [];
  const expanded = expandValue(value, at, env, missing);
  if (missing.length > 0) {
    const list = missing.map((m) => `\${${m.name}} (${m.at})`).join(", ");
    throw new UsageError(
      `${file}: ${missing.length === 1 ? "this environment variable is" : "these environment variables are"} not set or empty: ${list}.`
    );
  }
  return expanded;
}

// packages/cli/src/config.ts
var CONFIG_FILE = "envdiff.config.json";
var CHECK_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
var isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
function fail(file, at, message) {
  throw new UsageError(`${file}: ${at}: ${message}`);
}
function object(file, at, value, allowed) {
  if (!isObject(value)) fail(file, at, "must be an object");
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    fail(
      file,
      at,
      `unknown key ${JSON.stringify(unknown[0])}; expected ${allowed.filter((k) => k !== "$comment").join(", ")}`
    );
  }
  return value;
}
function string(file, at, value) {
  if (typeof value !== "string" || value === "") fail(file, at, "must be a non-empty string");
  return value;
}
function checkHeaderValues(file, at, headers) {
  if (headers === void 0) return;
  if (!isObject(headers)) fail(file, at, "must be an object of header names to values");
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== "string" || !hasReference(value)) {
      fail(
        file,
        `${at}.${name}`,
        'header values are never written in the file: write "${NAME}" (e.g. "Bearer ${STAGING_TOKEN}") and set NAME in the environment'
      );
    }
  }
}
function options(file, at, value) {
  if (value === void 0) return {};
  if (!isObject(value)) fail(file, at, "must be an object of the API's compare options");
  checkHeaderValues(file, `${at}.headers`, value.headers);
  for (const side of ["left", "right"]) {
    if (value[side] !== void 0)
      checkHeaderValues(file, `${at}.${side}.headers`, object(file, `${at}.${side}`, value[side], ["headers"]).headers);
  }
  return value;
}
function suite(file, at, value) {
  const s = object(file, at, value, ["$comment", "leftBase", "rightBase", "paths", "discover"]);
  const definition = {
    leftBase: string(file, `${at}.leftBase`, s.leftBase),
    rightBase: string(file, `${at}.rightBase`, s.rightBase)
  };
  if (s.paths === void 0 === (s.discover === void 0))
    fail(file, at, 'give exactly one of "paths" and "discover"');
  if (s.paths !== void 0) {
    if (!Array.isArray(s.paths) || s.paths.some((p) => typeof p !== "string"))
      fail(file, `${at}.paths`, "must be a list of paths");
    definition.paths = s.paths;
  }
  if (s.discover !== void 0) {
    const d = object(file, `${at}.discover`, s.discover, ["openapi", "sitemap"]);
    const keys = Object.keys(d);
    if (keys.length !== 1) fail(file, `${at}.discover`, 'give exactly one of "openapi" and "sitemap"');
    definition.discover = "openapi" in d ? { openapi: string(file, `${at}.discover.openapi`, d.openapi) } : { sitemap: string(file, `${at}.discover.sitemap`, d.sitemap) };
  }
  return definition;
}
function check(file, name, value) {
  const at = `checks.${name}`;
  if (!CHECK_NAME.test(name))
    fail(file, at, "a check's name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
  if (isObject(value) && "suite" in value) {
    const c2 = object(file, at, value, ["$comment", "suite", "options"]);
    return {
      name,
      kind: "suite",
      suite: suite(file, `${at}.suite`, c2.suite),
      options: options(file, `${at}.options`, c2.options)
    };
  }
  const c = object(file, at, value, ["$comment", "left", "right", "options"]);
  return {
    name,
    kind: "pair",
    left: string(file, `${at}.left`, c.left),
    right: string(file, `${at}.right`, c.right),
    options: options(file, `${at}.options`, c.options)
  };
}
function gate(file, value) {
  if (value === void 0) return {};
  const g = object(file, "gate", value, ["$comment", "failOn", "newOnly", "inconclusive"]);
  const out = {};
  if (g.failOn !== void 0) {
    if (!SEVERITY_ORDER.includes(g.failOn))
      fail(file, "gate.failOn", `must be one of ${SEVERITY_ORDER.join(", ")}`);
    out.failOn = g.failOn;
  }
  if (g.newOnly !== void 0) {
    if (typeof g.newOnly !== "boolean") fail(file, "gate.newOnly", "must be true or false");
    out.newOnly = g.newOnly;
  }
  if (g.inconclusive !== void 0) {
    if (g.inconclusive !== "fail" && g.inconclusive !== "pass")
      fail(file, "gate.inconclusive", 'must be "fail" or "pass"');
    out.inconclusive = g.inconclusive;
  }
  return out;
}
function parseConfig(text, file) {
  let raw;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const top = object(file, "the top level", raw, ["$schema", "$comment", "server", "checks", "gate"]);
  if (!isObject(top.checks) || Object.keys(top.checks).length === 0)
    fail(file, "checks", "must name at least one check");
  return {
    file,
    server: top.server === void 0 ? void 0 : string(file, "server", top.server),
    gate: gate(file, top.gate),
    checks: Object.entries(top.checks).map(([name, value]) => check(file, name, value))
  };
}
function selectChecks(config, names, env) {
  const known = config.checks.map((c) => c.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new UsageError(
      `${config.file} has no check ${unknown.map((n) => JSON.stringify(n)).join(", ")}; it has ${known.join(", ")}.`
    );
  }
  const chosen = names.length === 0 ? config.checks : config.checks.filter((c) => names.includes(c.name));
  return chosen.map((c) => expandReferences(c, `checks.${c.name}`, env, config.file));
}
function checkLine(text, name) {
  const checks = text.indexOf('"checks"');
  if (checks < 0) return void 0;
  const index = text.slice(checks).search(new RegExp(`"${name.replace(/[.]/g, "\\.")}"\\s*:`));
  return index < 0 ? void 0 : text.slice(0, checks + index).split("\n").length;
}

// node_modules/openapi-fetch/dist/index.mjs
var PATH_PARAM_RE = /\{[^{}]+\}/g;
var supportsRequestInitExt = () => {
  return typeof process === "object" && Number.parseInt(process?.versions?.node?.substring(0, 2)) >= 18 && process.versions.undici;
};
function randomID() {
  return Math.random().toString(36).slice(2, 11);
}
function createClient(clientOptions) {
  let {
    baseUrl = "",
    Request: CustomRequest = globalThis.Request,
    fetch: baseFetch = globalThis.fetch,
    querySerializer: globalQuerySerializer,
    bodySerializer: globalBodySerializer,
    pathSerializer: globalPathSerializer,
    headers: baseHeaders,
    requestInitExt = void 0,
    ...baseOptions
  } = { ...clientOptions };
  requestInitExt = supportsRequestInitExt() ? requestInitExt : void 0;
  baseUrl = removeTrailingSlash(baseUrl);
  const globalMiddlewares = [];
  async function coreFetch(schemaPath, fetchOptions) {
    const {
      baseUrl: localBaseUrl,
      fetch: fetch2 = baseFetch,
      Request = CustomRequest,
      headers,
      params = {},
      parseAs = "json",
      querySerializer: requestQuerySerializer,
      bodySerializer = globalBodySerializer ?? defaultBodySerializer,
      pathSerializer: requestPathSerializer,
      body: body2,
      middleware: requestMiddlewares = [],
      ...init
    } = fetchOptions || {};
    let finalBaseUrl = baseUrl;
    if (localBaseUrl) {
      finalBaseUrl = removeTrailingSlash(localBaseUrl) ?? baseUrl;
    }
    let querySerializer = typeof globalQuerySerializer === "function" ? globalQuerySerializer : createQuerySerializer(globalQuerySerializer);
    if (requestQuerySerializer) {
      querySerializer = typeof requestQuerySerializer === "function" ? requestQuerySerializer : createQuerySerializer({
        ...typeof globalQuerySerializer === "object" ? globalQuerySerializer : {},
        ...requestQuerySerializer
      });
    }
    const pathSerializer = requestPathSerializer || globalPathSerializer || defaultPathSerializer;
    const serializedBody = body2 === void 0 ? void 0 : bodySerializer(
      body2,
      // Note: we declare mergeHeaders() both here and below because it’s a bit of a chicken-or-egg situation:
      // bodySerializer() needs all headers so we aren’t dropping ones set by the user, however,
      // the result of this ALSO sets the lowest-priority content-type header. So we re-merge below,
      // setting the content-type at the very beginning to be overwritten.
      // Lastly, based on the way headers work, it’s not a simple “present-or-not” check becauase null intentionally un-sets headers.
      mergeHeaders(baseHeaders, headers, params.header)
    );
    const finalHeaders = mergeHeaders(
      // with no body, we should not to set Content-Type
      serializedBody === void 0 || // if serialized body is FormData; browser will correctly set Content-Type & boundary expression
      serializedBody instanceof FormData ? {} : {
        "Content-Type": "application/json"
      },
      baseHeaders,
      headers,
      params.header
    );
    const finalMiddlewares = [...globalMiddlewares, ...requestMiddlewares];
    const requestInit = {
      redirect: "follow",
      ...baseOptions,
      ...init,
      body: serializedBody,
      headers: finalHeaders
    };
    let id;
    let options2;
    let request = new Request(
      createFinalURL(schemaPath, { baseUrl: finalBaseUrl, params, querySerializer, pathSerializer }),
      requestInit
    );
    let response;
    for (const key in init) {
      if (!(key in request)) {
        request[key] = init[key];
      }
    }
    if (finalMiddlewares.length) {
      id = randomID();
      options2 = Object.freeze({
        baseUrl: finalBaseUrl,
        fetch: fetch2,
        parseAs,
        querySerializer,
        bodySerializer,
        pathSerializer
      });
      for (const m of finalMiddlewares) {
        if (m && typeof m === "object" && typeof m.onRequest === "function") {
          const result = await m.onRequest({
            request,
            schemaPath,
            params,
            options: options2,
            id
          });
          if (result) {
            if (result instanceof Request) {
              request = result;
            } else if (result instanceof Response) {
              response = result;
              break;
            } else {
              throw new Error("onRequest: must return new Request() or Response() when modifying the request");
            }
          }
        }
      }
    }
    if (!response) {
      try {
        response = await fetch2(request, requestInitExt);
      } catch (error2) {
        let errorAfterMiddleware = error2;
        if (finalMiddlewares.length) {
          for (let i = finalMiddlewares.length - 1; i >= 0; i--) {
            const m = finalMiddlewares[i];
            if (m && typeof m === "object" && typeof m.onError === "function") {
              const result = await m.onError({
                request,
                error: errorAfterMiddleware,
                schemaPath,
                params,
                options: options2,
                id
              });
              if (result) {
                if (result instanceof Response) {
                  errorAfterMiddleware = void 0;
                  response = result;
                  break;
                }
                if (result instanceof Error) {
                  errorAfterMiddleware = result;
                  continue;
                }
                throw new Error("onError: must return new Response() or instance of Error");
              }
            }
          }
        }
        if (errorAfterMiddleware) {
          throw errorAfterMiddleware;
        }
      }
      if (finalMiddlewares.length) {
        for (let i = finalMiddlewares.length - 1; i >= 0; i--) {
          const m = finalMiddlewares[i];
          if (m && typeof m === "object" && typeof m.onResponse === "function") {
            const result = await m.onResponse({
              request,
              response,
              schemaPath,
              params,
              options: options2,
              id
            });
            if (result) {
              if (!(result instanceof Response)) {
                throw new Error("onResponse: must return new Response() when modifying the response");
              }
              response = result;
            }
          }
        }
      }
    }
    const contentLength = response.headers.get("Content-Length");
    if (response.status === 204 || request.method === "HEAD" || contentLength === "0" && !response.headers.get("Transfer-Encoding")?.includes("chunked")) {
      return response.ok ? { data: void 0, response } : { error: void 0, response };
    }
    if (response.ok) {
      const getResponseData = async () => {
        if (parseAs === "stream") {
          return response.body;
        }
        if (parseAs === "json" && !contentLength) {
          const raw = await response.text();
          return raw ? JSON.parse(raw) : void 0;
        }
        return await response[parseAs]();
      };
      return { data: await getResponseData(), response };
    }
    let error = await response.text();
    try {
      error = JSON.parse(error);
    } catch {
    }
    return { error, response };
  }
  return {
    request(method, url, init) {
      return coreFetch(url, { ...init, method: method.toUpperCase() });
    },
    /** Call a GET endpoint */
    GET(url, init) {
      return coreFetch(url, { ...init, method: "GET" });
    },
    /** Call a PUT endpoint */
    PUT(url, init) {
      return coreFetch(url, { ...init, method: "PUT" });
    },
    /** Call a POST endpoint */
    POST(url, init) {
      return coreFetch(url, { ...init, method: "POST" });
    },
    /** Call a DELETE endpoint */
    DELETE(url, init) {
      return coreFetch(url, { ...init, method: "DELETE" });
    },
    /** Call a OPTIONS endpoint */
    OPTIONS(url, init) {
      return coreFetch(url, { ...init, method: "OPTIONS" });
    },
    /** Call a HEAD endpoint */
    HEAD(url, init) {
      return coreFetch(url, { ...init, method: "HEAD" });
    },
    /** Call a PATCH endpoint */
    PATCH(url, init) {
      return coreFetch(url, { ...init, method: "PATCH" });
    },
    /** Call a TRACE endpoint */
    TRACE(url, init) {
      return coreFetch(url, { ...init, method: "TRACE" });
    },
    /** Register middleware */
    use(...middleware) {
      for (const m of middleware) {
        if (!m) {
          continue;
        }
        if (typeof m !== "object" || !("onRequest" in m || "onResponse" in m || "onError" in m)) {
          throw new Error("Middleware must be an object with one of `onRequest()`, `onResponse() or `onError()`");
        }
        globalMiddlewares.push(m);
      }
    },
    /** Unregister middleware */
    eject(...middleware) {
      for (const m of middleware) {
        const i = globalMiddlewares.indexOf(m);
        if (i !== -1) {
          globalMiddlewares.splice(i, 1);
        }
      }
    }
  };
}
function serializePrimitiveParam(name, value, options2) {
  if (value === void 0 || value === null) {
    return "";
  }
  if (typeof value === "object") {
    throw new Error(
      "Deeply-nested arrays/objects aren\u2019t supported. Provide your own `querySerializer()` to handle these."
    );
  }
  return `${name}=${options2?.allowReserved === true ? value : encodeURIComponent(value)}`;
}
function serializeObjectParam(name, value, options2) {
  if (!value || typeof value !== "object") {
    return "";
  }
  const values2 = [];
  const joiner = {
    simple: ",",
    label: ".",
    matrix: ";"
  }[options2.style] || "&";
  if (options2.style !== "deepObject" && options2.explode === false) {
    for (const k in value) {
      values2.push(k, options2.allowReserved === true ? value[k] : encodeURIComponent(value[k]));
    }
    const final2 = values2.join(",");
    switch (options2.style) {
      case "form": {
        return `${name}=${final2}`;
      }
      case "label": {
        return `.${final2}`;
      }
      case "matrix": {
        return `;${name}=${final2}`;
      }
      default: {
        return final2;
      }
    }
  }
  for (const k in value) {
    const finalName = options2.style === "deepObject" ? `${name}[${k}]` : k;
    values2.push(serializePrimitiveParam(finalName, value[k], options2));
  }
  const final = values2.join(joiner);
  return options2.style === "label" || options2.style === "matrix" ? `${joiner}${final}` : final;
}
function serializeArrayParam(name, value, options2) {
  if (!Array.isArray(value)) {
    return "";
  }
  if (options2.explode === false) {
    const joiner2 = { form: ",", spaceDelimited: "%20", pipeDelimited: "|" }[options2.style] || ",";
    const final = (options2.allowReserved === true ? value : value.map((v) => encodeURIComponent(v))).join(joiner2);
    switch (options2.style) {
      case "simple": {
        return final;
      }
      case "label": {
        return `.${final}`;
      }
      case "matrix": {
        return `;${name}=${final}`;
      }
      // case "spaceDelimited":
      // case "pipeDelimited":
      default: {
        return `${name}=${final}`;
      }
    }
  }
  const joiner = { simple: ",", label: ".", matrix: ";" }[options2.style] || "&";
  const values2 = [];
  for (const v of value) {
    if (options2.style === "simple" || options2.style === "label") {
      values2.push(options2.allowReserved === true ? v : encodeURIComponent(v));
    } else {
      values2.push(serializePrimitiveParam(name, v, options2));
    }
  }
  return options2.style === "label" || options2.style === "matrix" ? `${joiner}${values2.join(joiner)}` : values2.join(joiner);
}
function createQuerySerializer(options2) {
  return function querySerializer(queryParams) {
    const search = [];
    if (queryParams && typeof queryParams === "object") {
      for (const name in queryParams) {
        const value = queryParams[name];
        if (value === void 0 || value === null) {
          continue;
        }
        if (Array.isArray(value)) {
          if (value.length === 0) {
            continue;
          }
          search.push(
            serializeArrayParam(name, value, {
              style: "form",
              explode: true,
              ...options2?.array,
              allowReserved: options2?.allowReserved || false
            })
          );
          continue;
        }
        if (typeof value === "object") {
          search.push(
            serializeObjectParam(name, value, {
              style: "deepObject",
              explode: true,
              ...options2?.object,
              allowReserved: options2?.allowReserved || false
            })
          );
          continue;
        }
        search.push(serializePrimitiveParam(name, value, options2));
      }
    }
    return search.join("&");
  };
}
function defaultPathSerializer(pathname, pathParams) {
  let nextURL = pathname;
  for (const match of pathname.match(PATH_PARAM_RE) ?? []) {
    let name = match.substring(1, match.length - 1);
    let explode = false;
    let style = "simple";
    if (name.endsWith("*")) {
      explode = true;
      name = name.substring(0, name.length - 1);
    }
    if (name.startsWith(".")) {
      style = "label";
      name = name.substring(1);
    } else if (name.startsWith(";")) {
      style = "matrix";
      name = name.substring(1);
    }
    if (!pathParams || pathParams[name] === void 0 || pathParams[name] === null) {
      continue;
    }
    const value = pathParams[name];
    if (Array.isArray(value)) {
      nextURL = nextURL.replace(match, serializeArrayParam(name, value, { style, explode }));
      continue;
    }
    if (typeof value === "object") {
      nextURL = nextURL.replace(match, serializeObjectParam(name, value, { style, explode }));
      continue;
    }
    if (style === "matrix") {
      nextURL = nextURL.replace(match, `;${serializePrimitiveParam(name, value)}`);
      continue;
    }
    nextURL = nextURL.replace(match, style === "label" ? `.${encodeURIComponent(value)}` : encodeURIComponent(value));
  }
  return nextURL;
}
function defaultBodySerializer(body2, headers) {
  if (body2 instanceof FormData) {
    return body2;
  }
  if (headers) {
    const contentType = headers.get instanceof Function ? headers.get("Content-Type") ?? headers.get("content-type") : headers["Content-Type"] ?? headers["content-type"];
    if (contentType === "application/x-www-form-urlencoded") {
      return new URLSearchParams(body2).toString();
    }
  }
  return JSON.stringify(body2);
}
function createFinalURL(pathname, options2) {
  let finalURL = `${options2.baseUrl}${pathname}`;
  if (options2.params?.path) {
    finalURL = options2.pathSerializer(finalURL, options2.params.path);
  }
  let search = options2.querySerializer(options2.params.query ?? {});
  if (search.startsWith("?")) {
    search = search.substring(1);
  }
  if (search) {
    finalURL += `?${search}`;
  }
  return finalURL;
}
function mergeHeaders(...allHeaders) {
  const finalHeaders = new Headers();
  for (const h of allHeaders) {
    if (!h || typeof h !== "object") {
      continue;
    }
    const iterator = h instanceof Headers ? h.entries() : Object.entries(h);
    for (const [k, v] of iterator) {
      if (v === null) {
        finalHeaders.delete(k);
      } else if (Array.isArray(v)) {
        for (const v2 of v) {
          finalHeaders.append(k, v2);
        }
      } else if (v !== void 0) {
        finalHeaders.set(k, v);
      }
    }
  }
  return finalHeaders;
}
function removeTrailingSlash(url) {
  if (url.endsWith("/")) {
    return url.substring(0, url.length - 1);
  }
  return url;
}

// packages/cli/src/client.ts
var RETRIES = 5;
var MAX_RETRY_AFTER_S = 120;
var REQUEST_TIMEOUT_MS = 3e4;
var realSleep = (ms) => new Promise((resolve2) => setTimeout(resolve2, ms));
function retryAfterSeconds(value, now = Date.now()) {
  if (value === null) return 1;
  const seconds = /^\d+$/.test(value.trim()) ? Number(value.trim()) : (Date.parse(value) - now) / 1e3;
  if (!Number.isFinite(seconds)) return 1;
  return Math.min(MAX_RETRY_AFTER_S, Math.max(0, Math.ceil(seconds)));
}
function retryingFetch(settings) {
  const sleep = settings.sleep ?? realSleep;
  return async (request) => {
    for (let attempt = 0; ; attempt++) {
      let response;
      try {
        response = await fetch(request.clone(), { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      } catch (error) {
        const reason = error instanceof Error ? error.cause instanceof Error ? error.cause.message : error.message : String(error);
        throw new ApiFailure(`Cannot reach ${settings.server}: ${reason}`);
      }
      if (response.status !== 429 && response.status !== 503 || attempt >= RETRIES) return response;
      const seconds = retryAfterSeconds(response.headers.get("retry-after"));
      settings.onRetry?.(seconds, response.status);
      await response.body?.cancel();
      await sleep(seconds * 1e3);
    }
  };
}
function authHeaders(settings) {
  const headers = { "user-agent": "envdiff-cli" };
  if (settings.token) headers.authorization = `Bearer ${settings.token}`;
  return headers;
}
function apiClient(settings) {
  return createClient({
    baseUrl: settings.server,
    fetch: retryingFetch(settings),
    headers: authHeaders(settings)
  });
}
function describeError(status, body2) {
  if (body2 && typeof body2 === "object" && "error" in body2) {
    const { error } = body2;
    return `${status} ${String(error.code)}: ${String(error.message)}`;
  }
  return `HTTP ${status}`;
}

// packages/cli/src/result-view.ts
var VERDICTS = ["identical", "different", "inconclusive"];
function readResult(state) {
  const result = state.result;
  if (state.status !== "completed" || !result) {
    return { verdict: null, differences: [], inconclusive: [], timing: null, explanation: null };
  }
  const differences = result.diff.differences;
  const inconclusive = Array.isArray(result.inconclusive) ? result.inconclusive : [];
  const stated = typeof result.verdict === "string" && VERDICTS.includes(result.verdict) ? result.verdict : null;
  const verdict = stated ?? (inconclusive.length > 0 ? "inconclusive" : result.diff.identical ? "identical" : "different");
  return {
    verdict,
    differences,
    inconclusive,
    timing: result.timing && Array.isArray(result.timing.leftMs) ? result.timing : null,
    explanation: result.explanation.summary
  };
}
function sidePaths(d) {
  return { left: d.leftPath ?? d.path, right: d.rightPath ?? d.path };
}

// packages/cli/src/report.ts
function reportItem(state, target, gate2) {
  const result = readResult(state);
  return {
    check: target.check,
    name: target.name,
    comparisonId: state.comparisonId,
    leftUrl: state.leftUrl,
    rightUrl: state.rightUrl,
    status: state.status,
    verdict: result.verdict,
    error: state.error,
    differences: result.differences,
    failing: failing(result.differences, gate2.failOn, gate2.newOnly),
    inconclusive: result.inconclusive,
    timing: result.timing,
    explanation: result.explanation
  };
}
var VERDICT_OF_EXIT = {
  0: "pass",
  1: "fail",
  2: "failed",
  3: "failed",
  4: "inconclusive"
};
function buildReport(title, items, gate2) {
  const code2 = exitCode(
    items.map((i) => ({
      failed: i.status !== "completed",
      failing: i.failing,
      inconclusive: i.verdict === "inconclusive"
    })),
    gate2.failOnInconclusive
  );
  const counts2 = { high: 0, medium: 0, low: 0, info: 0 };
  for (const item of items) for (const d of item.differences) counts2[d.severity] += 1;
  return {
    title,
    failOn: gate2.failOn,
    newOnly: gate2.newOnly,
    failOnInconclusive: gate2.failOnInconclusive,
    counts: counts2,
    items,
    exitCode: code2,
    verdict: VERDICT_OF_EXIT[code2]
  };
}
function countsLine(counts2) {
  return `high ${counts2.high} \xB7 medium ${counts2.medium} \xB7 low ${counts2.low} \xB7 info ${counts2.info}`;
}
function verdictLine(report2) {
  const failingCount = report2.items.reduce((n, i) => n + i.failing.length, 0);
  const failed = report2.items.filter((i) => i.status !== "completed").length;
  const inconclusive = report2.items.filter((i) => i.verdict === "inconclusive").length;
  const gate2 = `--fail-on ${report2.failOn}${report2.newOnly ? " --new-only" : ""}${report2.failOnInconclusive ? " --fail-on-inconclusive" : ""}`;
  if (report2.verdict === "failed") return `FAILED: ${failed} comparison(s) did not complete (${gate2})`;
  if (report2.verdict === "fail") return `FAIL: ${failingCount} difference(s) at or above ${report2.failOn} (${gate2})`;
  if (report2.verdict === "inconclusive")
    return `INCONCLUSIVE: ${inconclusive} comparison(s) could not decide (${gate2})`;
  const unjudged = inconclusive > 0 ? ` \xB7 ${inconclusive} inconclusive, not gated without --fail-on-inconclusive` : "";
  return `PASS (${gate2})${unjudged}`;
}

// packages/cli/src/suite.ts
async function startSuite(client, request, idempotencyKey) {
  const { data, error, response } = await client.POST("/api/suites", {
    // `method: "POST"` and `body` may be newer than this server's document: see RequestOptions.
    body: request,
    headers: idempotencyKey ? { "idempotency-key": idempotencyKey } : {}
  });
  if (!data) throw new ApiFailure(`POST /api/suites: ${describeError(response.status, error)}`);
  return { suiteId: data.suiteId, number: data.number };
}
async function suiteItems(client, suiteId, number) {
  const run = number === void 0 ? await newestRun(client, suiteId) : await numberedRun(client, suiteId, number);
  return run.items.map((item) => ({ path: item.path, comparisonId: item.comparisonId }));
}
async function newestRun(client, suiteId) {
  const { data, error, response } = await client.GET("/api/suites/{suiteId}", { params: { path: { suiteId } } });
  if (!data) throw new ApiFailure(`GET /api/suites/${suiteId}: ${describeError(response.status, error)}`);
  if (!data.run) throw new ApiFailure(`Suite ${suiteId} has no run yet.`);
  return data.run;
}
async function numberedRun(client, suiteId, number) {
  const { data, error, response } = await client.GET("/api/suites/{suiteId}/runs/{number}", {
    params: { path: { suiteId, number } }
  });
  if (!data)
    throw new ApiFailure(`GET /api/suites/${suiteId}/runs/${number}: ${describeError(response.status, error)}`);
  return data;
}

// packages/cli/src/requests.ts
var withOptions = (options2) => Object.keys(options2).length > 0 ? { options: options2 } : {};
function checkSuiteRequest(check2) {
  return { name: check2.name, ...check2.suite, ...withOptions(check2.options) };
}
function checkCompareRequest(check2) {
  return { leftUrl: check2.left, rightUrl: check2.right, ...withOptions(check2.options) };
}

// packages/cli/src/wait.ts
var POLL_MS = 1e3;
async function readSummary(client, comparisonId, etag) {
  const { data, error, response } = await client.GET("/api/compare/{comparisonId}", {
    params: { path: { comparisonId }, query: { view: "summary" }, header: etag ? { "if-none-match": etag } : {} }
  });
  if (response.status === 304) return { state: null, etag: etag ?? null };
  if (!data) throw new ApiFailure(`GET comparison ${comparisonId}: ${describeError(response.status, error)}`);
  return { state: data, etag: response.headers.get("etag") };
}
async function waitForAll(client, ids, waitSeconds, progress) {
  const ended = /* @__PURE__ */ new Map();
  const etags = /* @__PURE__ */ new Map();
  const started = Date.now();
  for (; ; ) {
    for (const id of ids) {
      if (ended.has(id)) continue;
      const { state, etag } = await readSummary(client, id, etags.get(id));
      if (etag) etags.set(id, etag);
      if (state && state.status !== "running") ended.set(id, state);
    }
    const elapsed = Math.round((Date.now() - started) / 1e3);
    if (ended.size === ids.length) {
      progress.done();
      return ended;
    }
    if (elapsed >= waitSeconds) {
      progress.done();
      throw new ApiFailure(`Still running after ${waitSeconds} s (--wait): ${ids.length - ended.size} comparison(s).`);
    }
    progress.update(`envdiff: waiting ${elapsed}s \xB7 ${ended.size}/${ids.length} done`);
    await new Promise((resolve2) => setTimeout(resolve2, POLL_MS));
  }
}

// packages/cli/src/run.ts
function clientFor(output, progress) {
  const settings = {
    server: output.server,
    token: output.token,
    onRetry: (seconds, status) => progress.update(`envdiff: ${status}, retrying in ${seconds}s (Retry-After)`)
  };
  return apiClient(settings);
}
async function startCompare(client, request, idempotencyKey) {
  const { data, error, response } = await client.POST("/api/compare", {
    // `method: "POST"` and `body` may be newer than this server's document: see RequestOptions.
    body: request,
    params: { header: idempotencyKey ? { "idempotency-key": idempotencyKey } : {} }
  });
  if (!data) throw new ApiFailure(`POST /api/compare: ${describeError(response.status, error)}`);
  return data.comparisonId;
}
async function suiteTargets(client, suiteId, check2, number) {
  const items = await suiteItems(client, suiteId, number);
  return items.map((i) => ({ check: check2, name: i.path, comparisonId: i.comparisonId }));
}
async function report(client, title, targets, gate2, waitSeconds, progress) {
  const states = await waitForAll(
    client,
    targets.map((t) => t.comparisonId),
    waitSeconds,
    progress
  );
  const items = targets.map((t) => {
    const state = states.get(t.comparisonId);
    if (!state) throw new ApiFailure(`No state for ${t.comparisonId}.`);
    return reportItem(state, t, gate2);
  });
  return buildReport(title, items, gate2);
}
async function runChecks(checks, output, gate2, progress) {
  const client = clientFor(output, progress);
  const targets = [];
  for (const check2 of checks) {
    const key = output.idempotencyKey ? `${output.idempotencyKey}-${check2.name}` : void 0;
    try {
      if (check2.kind === "pair") {
        const comparisonId = await startCompare(client, checkCompareRequest(check2), key);
        targets.push({ check: check2.name, name: `${check2.left} vs ${check2.right}`, comparisonId });
      } else {
        const { suiteId, number } = await startSuite(client, checkSuiteRequest(check2), key);
        targets.push(...await suiteTargets(client, suiteId, check2.name, number));
      }
    } catch (error) {
      if (error instanceof ApiFailure) throw new ApiFailure(`check ${check2.name}: ${error.message}`);
      throw error;
    }
  }
  const title = `envdiff check ${checks.map((c) => c.name).join(", ")}`;
  return report(client, title, targets, gate2, output.waitSeconds, progress);
}

// packages/cli/src/check.ts
function readConfig(file, given) {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const code2 = error.code;
    if (code2 === "ENOENT" && !given) {
      throw new UsageError(`No ${CONFIG_FILE} here (${file}): write one with envdiff init, or give --config FILE.`);
    }
    throw new UsageError(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
function settleGate(flags, config) {
  return {
    failOn: flags.failOn ?? config.gate.failOn ?? DEFAULT_GATE.failOn,
    newOnly: flags.newOnly ?? config.gate.newOnly ?? DEFAULT_GATE.newOnly,
    failOnInconclusive: flags.failOnInconclusive ?? config.gate.inconclusive === "fail"
  };
}
async function runCheckCommand(command2, env, cwd, progress) {
  const file = resolve(cwd, command2.configFile ?? CONFIG_FILE);
  const text = readConfig(file, command2.configFile !== void 0);
  const shown = relative(cwd, file) || file;
  const config = parseConfig(text, shown);
  const checks = selectChecks(config, command2.names, env);
  const server = command2.output.server ?? (config.server === void 0 ? null : serverUrl(expandReferences(config.server, "server", env, shown), `${shown}: server`));
  if (!server) throw new UsageError(`Name the envdiff server with --server URL, ENVDIFF_URL, or "server" in ${shown}.`);
  const report2 = await runChecks(checks, { ...command2.output, server }, settleGate(command2.gate, config), progress);
  const annotated = relative(env.GITHUB_WORKSPACE ?? cwd, file);
  return { report: report2, config, locate: (check2) => check2 ? { file: annotated, line: checkLine(text, check2) } : null };
}

// packages/cli/src/neutralise.ts
var UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
var UNSAFE_IN_JSON = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
var LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
var SHORT = { "\n": "\\n", "\r": "\\r", "	": "\\t" };
function escapeChar(c) {
  return SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}
var RUNNER_COMMAND = /^([ \t]*)(::|##vso\[|##\[)/;
var RUNNER_COMMAND_LINES = /^([ \t]*)(::|##vso\[|##\[)/gm;
function plain(text) {
  return text.replace(LONE_SURROGATE, escapeChar).replace(UNSAFE, escapeChar).replace(RUNNER_COMMAND, (_, space, command2) => `${space}\\${command2}`);
}
function safeJson(value, space) {
  return (JSON.stringify(value, null, space) ?? "null").replace(UNSAFE_IN_JSON, escapeChar);
}
function guardDocument(text) {
  return text.replace(LONE_SURROGATE, escapeChar).replace(UNSAFE, (c) => c === "\n" ? c : escapeChar(c)).replace(RUNNER_COMMAND_LINES, (_, space, command2) => `${space}\\${command2}`);
}
var VALUE_WIDTH = 80;
function literal(value, max = VALUE_WIDTH) {
  if (value === void 0) return "missing";
  return cut(safeJson(value), max);
}
function cut(text, max) {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)}\u2026 [cut: ${text.length} characters]`;
}

// packages/cli/src/difference-text.ts
function where(d) {
  const paths = sidePaths(d);
  if (d.change === "renamed") return `${plain(paths.left)} \u2192 ${plain(paths.right)}`;
  const notes = [];
  if (d.key !== void 0) notes.push(`key ${literal(d.key)}`);
  if (paths.left !== paths.right) notes.push(`left ${plain(paths.left)}, right ${plain(paths.right)}`);
  return notes.length > 0 ? `${plain(d.path)} [${notes.join("; ")}]` : plain(d.path);
}
function values(d) {
  return {
    left: literal(d.change === "added" ? void 0 : d.left),
    right: literal(d.change === "removed" ? void 0 : d.right)
  };
}
function differenceLine(d) {
  const v = values(d);
  return `${d.severity} ${d.history} ${d.change} ${where(d)}: ${v.left} \u2192 ${v.right}`;
}
function inconclusiveLine(r) {
  const at = [r.path === void 0 ? null : plain(r.path), r.side ?? null].filter((s) => s !== null).join(", ");
  const samples = r.samples === void 0 ? "" : ` samples ${literal(r.samples)}`;
  return `inconclusive ${plain(r.reason)}${at ? ` at ${at}` : ""}${samples}`;
}
function timingLine(t) {
  if (!t || t.verdict === "same") return null;
  const ms = (list) => `${list.map((n) => Math.round(n)).join(", ")} ms`;
  return `timing ${plain(t.verdict)}: left ${ms(t.leftMs)} \xB7 right ${ms(t.rightMs)}`;
}

// packages/cli/src/format-junit.ts
var NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
function xml(text) {
  return text.replace(NOT_XML, "\uFFFD").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}
function body(item) {
  const lines = [item.comparisonId];
  for (const d of item.differences) {
    lines.push(differenceLine(d));
    for (const c of d.consequences ?? []) lines.push(`  \u21B3 ${differenceLine(c)}`);
  }
  lines.push(...item.inconclusive.map(inconclusiveLine));
  const timing = timingLine(item.timing);
  if (timing) lines.push(timing);
  if (item.explanation) lines.push(plain(item.explanation));
  return xml(lines.join("\n"));
}
function testcase(item, failOnInconclusive) {
  const open = `    <testcase classname="${xml(plain(item.check ?? "envdiff"))}" name="${xml(plain(item.name))}">`;
  if (item.status !== "completed") {
    const error = item.error ?? { code: item.status, message: "The comparison did not complete." };
    const attributes = `type="${xml(plain(error.code))}" message="${xml(plain(error.message))}"`;
    return `${open}
      <error ${attributes}>${body(item)}</error>
    </testcase>`;
  }
  if (item.failing.length > 0) {
    const message = `${item.failing.length} difference(s) at or above the threshold`;
    return `${open}
      <failure type="differences" message="${xml(message)}">${body(item)}</failure>
    </testcase>`;
  }
  if (item.verdict === "inconclusive" && failOnInconclusive) {
    const message = "inconclusive: the samples could not decide (--fail-on-inconclusive)";
    return `${open}
      <failure type="inconclusive" message="${xml(message)}">${body(item)}</failure>
    </testcase>`;
  }
  return `${open}
      <system-out>${body(item)}</system-out>
    </testcase>`;
}
function counts(items, failOnInconclusive) {
  const failures = items.filter(
    (i) => i.status === "completed" && (i.failing.length > 0 || failOnInconclusive && i.verdict === "inconclusive")
  ).length;
  const errors = items.filter((i) => i.status !== "completed").length;
  return `tests="${items.length}" failures="${failures}" errors="${errors}"`;
}
function formatJunit(report2) {
  const groups = /* @__PURE__ */ new Map();
  for (const item of report2.items) groups.set(item.check, [...groups.get(item.check) ?? [], item]);
  const suites = [...groups].flatMap(([check2, items]) => [
    `  <testsuite name="${xml(plain(check2 ? `envdiff ${check2}` : report2.title))}" ${counts(items, report2.failOnInconclusive)}>`,
    ...items.map((item) => testcase(item, report2.failOnInconclusive)),
    "  </testsuite>"
  ]);
  return guardDocument(
    [
      `<?xml version="1.0" encoding="UTF-8"?>`,
      `<testsuites name="envdiff" ${counts(report2.items, report2.failOnInconclusive)}>`,
      ...suites.length > 0 ? suites : [`  <testsuite name="${xml(plain(report2.title))}" ${counts([], false)}>`, "  </testsuite>"],
      "</testsuites>",
      ""
    ].join("\n")
  );
}

// packages/cli/src/format-markdown.ts
function cell(text) {
  return plain(text).replace(/[\\`*_[\]<>|~&]/g, "\\$&");
}
function code(text) {
  const safe = plain(text).replace(/\|/g, "\\|");
  const longest = Math.max(0, ...(safe.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = safe.startsWith("`") || safe.endsWith("`") || safe.startsWith(" ") ? " " : "";
  return `${fence}${pad}${safe}${pad}${fence}`;
}
function row(gate2, d) {
  const v = values(d);
  return `| ${gate2} | ${d.severity} | ${d.history} | ${d.change} | ${code(where(d))} | ${code(v.left)} | ${code(v.right)} |`;
}
function itemSection(item) {
  const out = [`### ${cell(item.check ? `${item.check}: ${item.name}` : item.name)}`, ""];
  const state = item.verdict ? `${item.status} \xB7 ${item.verdict}` : item.status;
  out.push(`\`${item.comparisonId}\` \xB7 ${state}${item.explanation ? ` \xB7 ${cell(item.explanation)}` : ""}`, "");
  if (item.error) out.push(`Error ${code(item.error.code)}: ${cell(item.error.message)}`, "");
  for (const r of item.inconclusive) out.push(`- ${cell(inconclusiveLine(r))}`);
  const timing = timingLine(item.timing);
  if (timing) out.push(`- ${cell(timing)}`);
  if (item.inconclusive.length > 0 || timing) out.push("");
  if (item.differences.length === 0) return out;
  out.push(
    "| Gate | Severity | History | Change | Path | Left | Right |",
    "| --- | --- | --- | --- | --- | --- | --- |"
  );
  for (const d of item.differences) {
    out.push(row(item.failing.includes(d) ? "fail" : "", d));
    for (const c of d.consequences ?? []) out.push(row("\u21B3", c));
  }
  out.push("");
  return out;
}
function formatMarkdown(report2) {
  const out = [`## ${cell(report2.title)}`, "", `**${cell(verdictLine(report2))}**`, "", countsLine(report2.counts), ""];
  out.push(...report2.items.flatMap(itemSection));
  return guardDocument(`${out.join("\n")}
`);
}

// packages/cli/src/format-text.ts
function row2(mark, d) {
  const v = values(d);
  return `${mark} ${d.severity.padEnd(6)} ${d.history.padEnd(9)} ${d.change.padEnd(7)} ${where(d)}  ${v.left} \u2192 ${v.right}`;
}
function itemLines(item) {
  const state = item.verdict ? `${item.status} \xB7 ${item.verdict}` : item.status;
  const lines = [`${plain(item.check ? `${item.check}: ${item.name}` : item.name)}  [${state}]  ${item.comparisonId}`];
  if (item.error) lines.push(`  error ${plain(item.error.code)}: ${plain(item.error.message)}`);
  for (const d of item.differences) {
    lines.push(`  ${row2(item.failing.includes(d) ? "\u2717" : " ", d)}`);
    for (const c of d.consequences ?? []) lines.push(`      \u21B3 ${differenceLine(c)}`);
  }
  for (const r of item.inconclusive) lines.push(`  ? ${inconclusiveLine(r)}`);
  const timing = timingLine(item.timing);
  if (timing) lines.push(`  ${timing}`);
  if (item.explanation) lines.push(`  ${plain(item.explanation)}`);
  return lines;
}
function formatText(report2) {
  const lines = report2.items.flatMap(itemLines);
  lines.push(`Differences: ${countsLine(report2.counts)}`, verdictLine(report2));
  return guardDocument(`${lines.join("\n")}
`);
}

// packages/cli/src/github.ts
var MAX_ANNOTATIONS = 50;
var escapeData = (s) => plain(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
var escapeProperty = (s) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
function command(level, title, message, where2) {
  const properties = [
    ...where2 ? [`file=${escapeProperty(where2.file)}`, ...where2.line ? [`line=${where2.line}`] : []] : [],
    `title=${escapeProperty(title)}`
  ];
  return `::${level} ${properties.join(",")}::${escapeData(message)}`;
}
function annotations(report2, locate = () => null) {
  const lines = [];
  for (const item of report2.items) {
    const name = item.check ? `${item.check}: ${item.name}` : item.name;
    const where2 = locate(item.check);
    if (item.status !== "completed") {
      const error = item.error ?? { code: item.status, message: "did not complete" };
      lines.push(command("error", `envdiff: ${name}`, `${error.code}: ${error.message}`, where2));
    }
    for (const d of item.differences) {
      const level = item.failing.includes(d) ? "error" : d.severity === "info" ? null : "warning";
      if (!level) continue;
      const consequences = d.consequences?.length ? ` (+${d.consequences.length} consequence(s))` : "";
      lines.push(
        command(level, `envdiff ${d.severity} (${d.history}): ${name}`, `${differenceLine(d)}${consequences}`, where2)
      );
    }
    if (item.verdict === "inconclusive") {
      const level = report2.failOnInconclusive ? "error" : "warning";
      const reasons = item.inconclusive.map(inconclusiveLine).join("; ") || "inconclusive";
      lines.push(command(level, `envdiff inconclusive: ${name}`, reasons, where2));
    }
  }
  return lines.length > MAX_ANNOTATIONS ? [...lines.slice(0, MAX_ANNOTATIONS), `::notice::${lines.length - MAX_ANNOTATIONS} more in the job summary`] : lines;
}

// packages/cli/src/action.ts
var input = (env, name) => (env[`INPUT_${name.toUpperCase()}`] ?? "").trim();
function setOutputs(env, outputs) {
  if (!env.GITHUB_OUTPUT) return;
  const delimiter = `envdiff_${randomUUID()}`;
  const text = Object.entries(outputs).map(([name, value]) => `${name}<<${delimiter}
${value}
${delimiter}
`).join("");
  appendFileSync(env.GITHUB_OUTPUT, text);
}
async function runAction(env, write) {
  const token = input(env, "token") || env.ENVDIFF_TOKEN || void 0;
  if (token) write(`::add-mask::${token}
`);
  const server = input(env, "server") || env.ENVDIFF_URL || "";
  const output = {
    server: server ? serverUrl(server, "the server input") : null,
    token,
    format: "text",
    waitSeconds: 600,
    idempotencyKey: void 0
  };
  const names = input(env, "checks").split(/[\s,]+/).filter((n) => n !== "");
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const silent = { update() {
  }, done() {
  } };
  const { report: report2, locate } = await runCheckCommand(
    { kind: "check", output, gate: {}, names, configFile: input(env, "config") || void 0 },
    env,
    workspace,
    silent
  );
  const fence = randomUUID();
  write(`::stop-commands::${fence}
${formatText(report2)}::${fence}::
`);
  for (const line of annotations(report2, locate)) write(`${line}
`);
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, formatMarkdown(report2));
  const dir = join(env.RUNNER_TEMP || tmpdir(), "envdiff");
  mkdirSync(dir, { recursive: true });
  const reportFile = join(dir, "report.json");
  const junitFile = join(dir, "junit.xml");
  writeFileSync(reportFile, `${safeJson(report2, 2)}
`);
  writeFileSync(junitFile, formatJunit(report2));
  setOutputs(env, {
    verdict: report2.verdict,
    high: String(report2.counts.high),
    medium: String(report2.counts.medium),
    low: String(report2.counts.low),
    info: String(report2.counts.info),
    report: reportFile,
    junit: junitFile
  });
  return report2.exitCode;
}
function main(env = process.env) {
  const write = (text) => process.stdout.write(text);
  runAction(env, write).then(
    (code2) => {
      process.exitCode = code2;
    },
    (error) => {
      const known = error instanceof UsageError || error instanceof ApiFailure;
      const message = error instanceof Error ? error.message : String(error);
      write(`::error title=envdiff::${escapeData(known ? message : `unexpected error: ${message}`)}
`);
      setOutputs(env, { verdict: "error" });
      process.exitCode = EXIT.error;
    }
  );
}

// packages/cli/action-entry.ts
main();
