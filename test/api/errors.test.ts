import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { computePairKey } from "../../src/pair-key";
import { api, postCompare, targets, waitForEnd } from "../support/api";

async function expectError(
  res: Response,
  status: number,
  code: string,
): Promise<{ message: string; details?: unknown }> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body = await res.json<{ error: { code: string; message: string; details?: unknown } }>();
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.ts:\d+/); // never a stack trace
  return body.error;
}

const valid = () => {
  const q = crypto.randomUUID();
  return { leftUrl: `${targets()}/json?${q}`, rightUrl: `${targets()}/json?${q}&b` };
};

describe("the API refuses bad input with the contract's JSON errors", () => {
  it("malformed JSON is invalid_request", async () => {
    await expectError(await postCompare("{not json"), 400, "invalid_request");
  });

  it.each([
    ["a missing rightUrl", { leftUrl: "https://a.example.com/" }],
    ["a number for a URL", { leftUrl: 42, rightUrl: "https://b.example.com/" }],
    ["a relative URL", { leftUrl: "/x", rightUrl: "https://b.example.com/" }],
    ["an ftp URL", { leftUrl: "ftp://a.example.com/", rightUrl: "https://b.example.com/" }],
    ["credentials in a URL", { leftUrl: "https://u:p@a.example.com/", rightUrl: "https://b.example.com/" }],
    [
      "a URL over 2048 characters",
      { leftUrl: `https://a.example.com/${"x".repeat(2048)}`, rightUrl: "https://b.example.com/" },
    ],
    ["an unknown field", { leftUrl: "https://a.example.com/", rightUrl: "https://b.example.com/", extra: 1 }],
    [
      "an unknown option",
      { leftUrl: "https://a.example.com/", rightUrl: "https://b.example.com/", options: { retries: 3 } },
    ],
    [
      "a PUT method (envdiff only sends what is safe to repeat on production)",
      { leftUrl: "https://a.example.com/", rightUrl: "https://b.example.com/", options: { method: "PUT" } },
    ],
    [
      "a body with GET",
      { leftUrl: "https://a.example.com/", rightUrl: "https://b.example.com/", options: { body: { json: {} } } },
    ],
    [
      "a timeout below 500 ms",
      { leftUrl: "https://a.example.com/", rightUrl: "https://b.example.com/", options: { timeoutMs: 10 } },
    ],
    [
      "21 headers",
      {
        leftUrl: "https://a.example.com/",
        rightUrl: "https://b.example.com/",
        options: { headers: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`x-h${i}`, "v"])) },
      },
    ],
    [
      "a header value with a newline",
      {
        leftUrl: "https://a.example.com/",
        rightUrl: "https://b.example.com/",
        options: { headers: { "x-a": "1\r\nx-b: 2" } },
      },
    ],
    [
      "51 ignored headers",
      {
        leftUrl: "https://a.example.com/",
        rightUrl: "https://b.example.com/",
        options: { ignoreHeaders: Array.from({ length: 51 }, (_, i) => `x-${i}`) },
      },
    ],
    [
      "an ignore path that is not a pointer",
      {
        leftUrl: "https://a.example.com/",
        rightUrl: "https://b.example.com/",
        options: { ignorePaths: ["body.json"] },
      },
    ],
    ["an array body", [1, 2]],
    ["a null body", null],
    [
      "a __proto__ key",
      JSON.parse('{"leftUrl":"https://a.example.com/","rightUrl":"https://b.example.com/","__proto__":{"admin":true}}'),
    ],
  ])("%s is invalid_request", async (_label, body) => {
    const error = await expectError(await postCompare(JSON.stringify(body)), 400, "invalid_request");
    expect(error.details).toBeDefined();
  });

  it("a body that is not JSON is unsupported_media_type", async () => {
    const res = await api("/api/compare", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "leftUrl=x",
    });
    await expectError(res, 415, "unsupported_media_type");
    await expectError(await api("/api/compare", { method: "POST", body: "{}" }), 415, "unsupported_media_type");
  });

  it("a body over 80 KiB is payload_too_large", async () => {
    const body = JSON.stringify({ ...valid(), options: { headers: { "x-big": "v".repeat(81 * 1024) } } });
    await expectError(await postCompare(body), 413, "payload_too_large");
  });

  it.each([
    ["a NUL byte", "%00"],
    ["3000 characters", "a".repeat(3000)],
    ["a pair key with a non-uuid", `${"a".repeat(64)}:not-a-uuid`],
    ["no colon", "a".repeat(64)],
    ["an upper-case pair key", `${"A".repeat(64)}:${crypto.randomUUID()}`],
  ])("a comparison id with %s is invalid_request", async (_label, id) => {
    await expectError(await api(`/api/compare/${id}`), 400, "invalid_request");
  });

  it("an unknown comparison is not_found", async () => {
    await expectError(await api(`/api/compare/${"b".repeat(64)}:${crypto.randomUUID()}`), 404, "not_found");
  });

  it("an unknown route is not_found", async () => {
    await expectError(await api("/api/nope"), 404, "not_found");
  });

  it("a malformed pair key or limit is invalid_request", async () => {
    await expectError(await api("/api/pairs/xyz/comparisons"), 400, "invalid_request");
    await expectError(await api(`/api/pairs/${"c".repeat(64)}/comparisons?limit=0`), 400, "invalid_request");
    await expectError(await api(`/api/pairs/${"c".repeat(64)}/comparisons?limit=abc`), 400, "invalid_request");
  });

  it("a bad Idempotency-Key is invalid_request", async () => {
    await expectError(await postCompare(valid(), { "idempotency-key": "k".repeat(256) }), 400, "invalid_request");
  });
});

describe("faults on our side", () => {
  it("a workflow that cannot start answers internal without details, and its comparison is failed", async () => {
    vi.spyOn(env.COMPARE_WORKFLOW, "create").mockRejectedValue(new Error("engine unavailable: secret detail"));
    const body = valid();
    const res = await postCompare(body);
    const error = await expectError(res, 500, "internal");
    expect(error.message).not.toContain("secret detail");
    const pairKey = await computePairKey(body.leftUrl, body.rightUrl);
    const list = await (await api(`/api/pairs/${pairKey}/comparisons`)).json<{
      comparisons: { status: string; error: unknown }[];
    }>();
    expect(list.comparisons).toHaveLength(1);
    expect(list.comparisons[0]).toMatchObject({ status: "failed", error: { code: "internal" } });
  });
});

describe("the SSRF guard at the API", () => {
  const strict = async (body: unknown) => {
    const ctx = createExecutionContext();
    const req = new Request("http://envdiff.test/api/compare", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const res = await worker.fetch(req, { ...env, ALLOW_PRIVATE_TARGETS: "false" }, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  };

  it.each([
    ["loopback", "http://127.0.0.1:8080/"],
    ["the metadata address", "http://169.254.169.254/latest/meta-data/"],
    ["a private network", "http://10.0.0.5/"],
    ["localhost", "http://localhost/"],
    ["a decimal IPv4", "http://2130706433/"],
    ["an IPv4-mapped IPv6", "http://[::ffff:127.0.0.1]/"],
    ["metadata.google.internal", "http://metadata.google.internal/"],
  ])("refuses %s with blocked_target and the reason", async (_label, url) => {
    const error = await expectError(
      await strict({ leftUrl: "https://example.com/", rightUrl: url }),
      400,
      "blocked_target",
    );
    expect(error.message).toMatch(/^rightUrl is not allowed: /);
  });

  it("lets public URLs through", async () => {
    const res = await strict({ leftUrl: "https://example.com/a", rightUrl: "https://example.org/a" });
    expect(res.status).toBe(202);
    // No network here: both probes fail fast. Waiting keeps its workflow from outliving the file.
    const { comparisonId } = await res.json<{ comparisonId: string }>();
    expect((await waitForEnd(comparisonId)).status).toBe("completed");
  });
});

describe("OpenAPI and health", () => {
  it("serves an OpenAPI 3.1 document built from the request schemas", async () => {
    const res = await api("/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = await res.json<any>();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/compare",
        "/api/compare/{comparisonId}",
        "/api/pairs/{pairKey}/comparisons",
        "/api/health",
      ]),
    );
    const request = doc.components.schemas.CompareRequest;
    expect(request.required).toEqual(["leftUrl", "rightUrl"]);
    expect(request.additionalProperties).toBe(false);
    expect(doc.components.schemas.CompareOptions.properties.timeoutMs).toMatchObject({ minimum: 500, maximum: 30000 });
    expect(doc.paths["/api/compare"].post.responses["202"]).toBeDefined();
  });

  it("answers health", async () => {
    const res = await api("/api/health");
    expect(await res.json()).toEqual({ ok: true });
  });
});
