/**
 * Fuzz test of POST /api/compare and GET /api/compare/:id: a few hundred malformed requests built
 * by a seeded PRNG (the same ones on every run). Every answer must be a contract error — 4xx JSON
 * `{ error: { code, message } }` with the code's status, no stack trace — and no refused request
 * may leave a comparison behind.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { API_ERRORS } from "../../src/api/errors";
import { computePairKey } from "../../src/pair-key";
import { api } from "../support/api";

interface FuzzCase {
  category: string;
  method: string;
  path: string;
  contentType?: string | null;
  body?: string | Uint8Array | (() => ReadableStream<Uint8Array>);
}

/** mulberry32: tiny, fast and good enough to pick mutations reproducibly. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  return { next, int, pick };
}

const rng = prng(0x5eed_0007);
const RUN = "fuzz-7f3a"; // fixed, so the inputs are the same on every run
const LEFT = `https://fuzz-left.example.com/health?run=${RUN}`;
const RIGHT = `https://fuzz-right.example.com/health?run=${RUN}`;
const valid = () => ({ leftUrl: LEFT, rightUrl: RIGHT, options: { method: "GET", headers: { "x-env": "fuzz" } } });
const enc = (text: string) => new TextEncoder().encode(text);

/** Values that are the wrong type (or out of range) for every field they are put in below. */
const WRONG = [42, -1.5, 1e308, true, false, null, "", "GET POST", [LEFT], { url: LEFT }, [[]], { "": {} }];
const FIELDS: ((body: ReturnType<typeof valid>, value: unknown) => void)[] = [
  (b, v) => Object.assign(b, { leftUrl: v }),
  (b, v) => Object.assign(b, { rightUrl: v }),
  (b, v) => Object.assign(b.options, { method: v }),
  (b, v) => Object.assign(b.options, { timeoutMs: v }),
];
// A header value must be a string: the strings in WRONG would be valid there.
const WRONG_HEADER_VALUES = WRONG.filter((value) => typeof value !== "string");
const WRONG_CONTAINERS = [42, "x", true, null, [1], [[{}]], { a: 1 }];
const CONTAINER_FIELDS: ((body: ReturnType<typeof valid>, value: unknown) => void)[] = [
  (b, v) => Object.assign(b, { options: v === null ? "null" : typeof v === "object" && !Array.isArray(v) ? [v] : v }),
  (b, v) => Object.assign(b.options, { headers: typeof v === "object" && v !== null && !Array.isArray(v) ? [v] : v }),
  (b, v) => Object.assign(b.options, { ignoreHeaders: Array.isArray(v) ? [v] : v }),
  (b, v) => Object.assign(b.options, { ignorePaths: Array.isArray(v) ? [v] : v }),
];
/** Refused anywhere in a URL: the URL parser would silently drop or encode them. */
const ODD_URL_CHARS = ["\u0000", "\u0001", "\u001f", "\u007f", "\t", "\n", "\r\n", " ", "\ud800", "\udfff"];
/** Refused anywhere in a header value (printable ASCII only), and so in a header name or method too. */
const ODD_HEADER_CHARS = [
  "\u0000",
  "\u0001",
  "\u001f",
  "\u007f",
  "\n",
  "\r\n",
  "\ud800",
  "é",
  "😀",
  "\u202e",
  "\u200b",
];
const POLLUTION_KEYS = ["__proto__", "constructor", "prototype"];

function insertAt(text: string, insert: string): string {
  const at = rng.int(0, text.length);
  return text.slice(0, at) + insert + text.slice(at);
}

function json(category: string, body: unknown): FuzzCase {
  return {
    category,
    method: "POST",
    path: "/api/compare",
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
}

function postCases(): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const add = (n: number, make: () => FuzzCase) => {
    for (let i = 0; i < n; i++) cases.push(make());
  };
  add(40, () => {
    const body = valid();
    if (rng.next() < 0.2) Object.assign(body.options.headers, { "x-env": rng.pick(WRONG_HEADER_VALUES) });
    else rng.pick(FIELDS)(body, rng.pick(WRONG));
    return json("wrong type", body);
  });
  add(16, () => {
    const body = valid();
    rng.pick(CONTAINER_FIELDS)(body, rng.pick(WRONG_CONTAINERS));
    return json("wrong container type", body);
  });
  add(12, () => {
    const body = valid();
    const long = (min: number) => "a".repeat(rng.int(min, 15_000));
    rng.pick<() => void>([
      () => Object.assign(body, { leftUrl: `${LEFT}&pad=${long(2049)}` }),
      () => Object.assign(body, { rightUrl: `https://${long(2049)}.example.com/` }),
      () => Object.assign(body.options.headers, { "x-env": long(8193) }),
      () => Object.assign(body.options.headers, { [long(257)]: "v" }),
      () => Object.assign(body.options, { ignorePaths: [`/${long(1025)}`] }),
    ])();
    return json("huge string", body);
  });
  add(30, () => {
    const body = valid();
    rng.pick<() => void>([
      () => Object.assign(body, { leftUrl: insertAt(LEFT, rng.pick(ODD_URL_CHARS)) }),
      () => Object.assign(body, { rightUrl: insertAt(RIGHT, rng.pick(ODD_URL_CHARS)) }),
      () => Object.assign(body.options.headers, { "x-env": insertAt("fuzz", rng.pick(ODD_HEADER_CHARS)) }),
      () => Object.assign(body.options.headers, { [insertAt("x-env", rng.pick(ODD_HEADER_CHARS))]: "v" }),
      () => Object.assign(body.options, { method: insertAt("GET", rng.pick(ODD_HEADER_CHARS)) }),
    ])();
    return json("unicode and control characters", body);
  });
  add(10, () => {
    const text = JSON.stringify(valid());
    const nul = rng.pick(["\\u0000", "\u0000"]); // escaped inside a string, or a raw NUL anywhere
    return json("null byte", nul === "\u0000" ? insertAt(text, nul) : text.replace("health", `hea${nul}lth`));
  });
  for (const depth of [100, 1_000, 5_000, 8_000, 10_000]) {
    cases.push(
      json(
        "deep nesting",
        `{"leftUrl":"${LEFT}","rightUrl":"${RIGHT}","options":${"[".repeat(depth)}${"]".repeat(depth)}}`,
      ),
    );
    cases.push(
      json("deep nesting", `{"leftUrl":${'{"a":'.repeat(depth / 4)}1${"}".repeat(depth / 4)},"rightUrl":"${RIGHT}"}`),
    );
  }
  cases.push(json("deep nesting", "[".repeat(10_000) + "]".repeat(10_000)));
  const dupes = [
    `{"leftUrl":"${LEFT}","rightUrl":"${RIGHT}","leftUrl":"${LEFT}"}`,
    `{"leftUrl":"https://other.example.com/","leftUrl":"${LEFT}","rightUrl":"${RIGHT}"}`,
    `{"leftUrl":"${LEFT}","rightUrl":"${RIGHT}","\\u006ceftUrl":"${LEFT}"}`,
    `{"leftUrl":"${LEFT}","rightUrl":"${RIGHT}","options":{"timeoutMs":1000,"timeoutMs":2000}}`,
    `{"leftUrl":"${LEFT}","rightUrl":"${RIGHT}","options":{"headers":{"x-a":"1","x-a":"2"}}}`,
    `{"leftUrl":"${LEFT}","rightUrl":"${RIGHT}","options":{},"options":{"method":"HEAD"}}`,
  ];
  add(12, () => json("duplicate keys", rng.pick(dupes)));
  for (const key of POLLUTION_KEYS) {
    const payload = `{"${key}":{"polluted":true}}`.slice(1, -1); // "key":{"polluted":true}
    cases.push(json("prototype pollution", `{"leftUrl":"${LEFT}","rightUrl":"${RIGHT}",${payload}}`));
    cases.push(json("prototype pollution", `{"leftUrl":"${LEFT}","rightUrl":"${RIGHT}","options":{${payload}}}`));
    cases.push(
      json("prototype pollution", `{"leftUrl":"${LEFT}","rightUrl":"${RIGHT}","options":{"headers":{${payload}}}}`),
    );
    cases.push(json("prototype pollution", `{"leftUrl":{${payload}},"rightUrl":"${RIGHT}"}`));
    cases.push(
      json(
        "prototype pollution",
        `{"leftUrl":"${LEFT}","rightUrl":"${RIGHT}","options":{"ignoreHeaders":[{${payload}}]}}`,
      ),
    );
  }
  cases.push(
    json("prototype pollution", `{"leftUrl":"${LEFT}","rightUrl":"${RIGHT}","options":{"headers":{"__proto__":"x"}}}`),
  );
  cases.push(
    json(
      "prototype pollution",
      `{"leftUrl":"${LEFT}","rightUrl":"${RIGHT}","options":{"ignoreHeaders":["__proto__"]}}`,
    ),
  );
  const badUtf8 = [[0xff], [0xc3, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80], [0xe2, 0x82]];
  add(12, () => {
    const text = enc(JSON.stringify(valid()));
    const at = text.indexOf(0x68); // inside the left URL ("h" of "https")
    const bytes = rng.pick(badUtf8);
    return { ...json("invalid UTF-8", ""), body: Uint8Array.from([...text.slice(0, at), ...bytes, ...text.slice(at)]) };
  });
  const types = [
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/xml",
    "application/jsonx",
    "application/json-seq",
    "text/json",
    "json",
    "*/*",
    "application/*",
    "",
    null,
  ];
  for (const contentType of types) cases.push({ ...json("wrong content type", valid()), contentType });
  for (const body of ["", " ", "\n", "null", "{}", "[]", '""', "0", "true", "{", '{"leftUrl":'])
    cases.push(json("empty or trivial body", body));
  cases.push({
    category: "empty or trivial body",
    method: "POST",
    path: "/api/compare",
    contentType: "application/json",
  });
  add(20, () => {
    const text = JSON.stringify(valid());
    return json("truncated body", text.slice(0, rng.int(0, text.length - 1)));
  });
  add(10, () => {
    const bytes = Uint8Array.from({ length: rng.int(1, 400) }, () => rng.int(0, 255));
    return { ...json("random bytes", ""), body: bytes };
  });
  const padded = (size: number) => JSON.stringify({ ...valid(), pad: "p".repeat(size) });
  for (const size of [16 * 1024, 64 * 1024, 1024 * 1024]) {
    cases.push(json("oversized body", padded(size)));
    // Streamed without a Content-Length: the limit must count the bytes as they come.
    cases.push({ ...json("oversized body", ""), body: () => new Blob([padded(size)]).stream() });
  }
  return cases;
}

const ID = `${"ab".repeat(32)}:${"0f1e2d3c-4b5a-4968-8776-655443322110"}`;
function getCases(): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const alphabet = [
    ..."0123456789abcdefABCDEF:-_.~!$&'()*+,;=@",
    "%00",
    "%ff",
    "%",
    "%2F",
    "%3A",
    "é",
    "😀",
    "%0A",
    "..",
    "/",
  ];
  for (let i = 0; i < 40; i++) {
    const id = Array.from({ length: rng.int(1, 120) }, () => rng.pick(alphabet)).join("");
    cases.push({ category: "random id", method: "GET", path: `/api/compare/${id}` });
  }
  const mutations = [
    ID.toUpperCase(),
    ID.replace(":", ""),
    `${ID}:extra`,
    `${ID}/`,
    `${ID}%00`,
    `%00${ID}`,
    ID.replace(":", "%3A"),
    ID.slice(0, -1),
    `${ID}0`,
    ID.replace("-", ""),
    `${"ab".repeat(33)}:${ID.split(":")[1]}`,
    `..%2F..%2Fpairs%2F${ID}`,
    `${ID}?limit=-1`,
    ID.replace("a", "é"),
    "a".repeat(10_000),
    `${ID.slice(0, 64)}:${"z".repeat(36)}`,
  ];
  for (const id of mutations) cases.push({ category: "mutated id", method: "GET", path: `/api/compare/${id}` });
  for (let i = 0; i < 10; i++) {
    const uuid = crypto.getRandomValues(new Uint8Array(16)).reduce((s, b) => s + b.toString(16).padStart(2, "0"), "");
    const id = `${"0".repeat(64)}:${uuid.slice(0, 8)}-${uuid.slice(8, 12)}-${uuid.slice(12, 16)}-${uuid.slice(16, 20)}-${uuid.slice(20, 32)}`;
    cases.push({ category: "unknown id", method: "GET", path: `/api/compare/${id}` });
  }
  for (const method of ["PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]) {
    cases.push({ category: "odd method", method, path: "/api/compare", body: method === "TRACE" ? undefined : "{}" });
    cases.push({ category: "odd method", method, path: `/api/compare/${ID}`, body: undefined });
  }
  cases.push({ category: "odd method", method: "POST", path: `/api/compare/${ID}`, body: JSON.stringify(valid()) });
  cases.push({ category: "odd method", method: "GET", path: "/api/compare" });
  return cases;
}

const CASES = [...postCases(), ...getCases()];

function send(c: FuzzCase): Promise<Response> {
  const headers = new Headers();
  if (c.method === "POST" && c.contentType !== null) headers.set("content-type", c.contentType ?? "application/json");
  const body = typeof c.body === "function" ? c.body() : c.body;
  return api(c.path, { method: c.method, headers, body, ...(typeof c.body === "function" ? { duplex: "half" } : {}) });
}

describe("fuzzing the compare API with malformed input", () => {
  it(`answers all ${CASES.length} generated malformed requests with a contract error`, async () => {
    expect(CASES.length).toBeGreaterThanOrEqual(200);
    const errors = vi.spyOn(console, "error");
    const codes = Object.keys(API_ERRORS);
    const failures: string[] = [];
    for (const [i, c] of CASES.entries()) {
      const res = await send(c);
      const text = await res.text();
      let body: { error?: { code?: string; message?: string } } = {};
      try {
        body = JSON.parse(text);
      } catch {}
      const code = body.error?.code ?? "";
      const ok =
        res.status >= 400 &&
        res.status < 500 &&
        res.headers.get("content-type")?.startsWith("application/json") === true &&
        codes.includes(code) &&
        API_ERRORS[code as keyof typeof API_ERRORS] === res.status &&
        (body.error?.message ?? "").length > 0 &&
        !/\bat .*\.[jt]s:\d+|Error: /.test(text);
      if (!ok)
        failures.push(`#${i} ${c.category} ${c.method} ${c.path.slice(0, 80)} → ${res.status} ${text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    // No request took the `internal` path, which logs the error.
    expect(errors).not.toHaveBeenCalled();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("stores nothing for the refused requests", async () => {
    // Every URL pair a case named (when both parse), plus the base pair all POST cases derive from.
    const pairs = new Set<string>([await computePairKey(LEFT, RIGHT)]);
    for (const c of CASES) {
      if (typeof c.body !== "string") continue;
      try {
        const { leftUrl, rightUrl } = JSON.parse(c.body) as { leftUrl?: unknown; rightUrl?: unknown };
        if (
          typeof leftUrl === "string" &&
          typeof rightUrl === "string" &&
          URL.canParse(leftUrl) &&
          URL.canParse(rightUrl)
        )
          pairs.add(await computePairKey(leftUrl, rightUrl));
      } catch {}
    }
    for (const pairKey of pairs) {
      expect(await env.ENV_PAIR.getByName(pairKey).listComparisons(50)).toEqual([]);
    }
    expect(pairs.size).toBeGreaterThan(1);
  });
});
