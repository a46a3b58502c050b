/**
 * POST with a request body, through the API (issue 24, item 7): what is refused and why, what names
 * the pair, an Idempotency-Key's request, and a GraphQL endpoint whose production side answers 200
 * with an `errors` array: a real difference, compared like any JSON.
 */
import { describe, expect, it } from "vitest";
import { computePairKey } from "../../src/pair-key";
import { MAX_REQUEST_BODY_BYTES } from "../../src/shapes/options";
import { api, compareAndWait, fresh, postCompare, targets } from "../support/api";

interface ErrorAnswer {
  error: { code: string; message: string; details?: { issues?: { path: string; message: string }[] } };
}

/** The refusal's text: its message and every issue's path and message. */
async function refusal(res: Response): Promise<{ status: number; code: string; text: string }> {
  const { error } = await res.json<ErrorAnswer>();
  const issues = (error.details?.issues ?? []).map((i) => `${i.path}: ${i.message}`).join("\n");
  return { status: res.status, code: error.code, text: `${error.message}\n${issues}` };
}

const urls = () => {
  const q = fresh();
  return { leftUrl: `${targets()}/json${q}`, rightUrl: `${targets()}/json${q}` };
};

const GRAPHQL = {
  staging: () => `${targets()}/variant/staging/graphql`,
  production: () => `${targets()}/variant/production/graphql`,
};

describe("which requests envdiff sends", () => {
  for (const method of ["PUT", "PATCH", "DELETE", "OPTIONS"]) {
    it(`refuses ${method} with 400 invalid_request, saying envdiff only sends what is safe to repeat on production`, async () => {
      const res = await postCompare({ ...urls(), options: { method } });
      const answer = await refusal(res);
      expect(answer).toMatchObject({ status: 400, code: "invalid_request" });
      expect(answer.text).toMatch(/options\.method: must be GET, HEAD or POST/);
      expect(answer.text).toMatch(/production included/);
      expect(answer.text).toMatch(/never sends PUT, PATCH, DELETE/);
    });
  }

  for (const method of [undefined, "GET", "HEAD"]) {
    it(`refuses a body with ${method ?? "the default method"}: a body goes with POST only`, async () => {
      const res = await postCompare({
        ...urls(),
        options: { ...(method ? { method } : {}), body: { json: { q: 1 } } },
      });
      const answer = await refusal(res);
      expect(answer).toMatchObject({ status: 400, code: "invalid_request" });
      expect(answer.text).toMatch(/options\.body: a request body needs method "POST" \(got (GET|HEAD)\)/);
    });
  }

  it("takes a body of exactly 64 KiB as sent (UTF-8 bytes), and refuses one byte more", async () => {
    // "é" is two bytes in UTF-8: 32,768 of them are 64 KiB on the wire, though only 32,768 characters.
    const exact = "é".repeat(MAX_REQUEST_BODY_BYTES / 2);
    const ok = await postCompare({ ...urls(), options: { method: "POST", body: { text: exact } } });
    expect(ok.status).toBe(202);
    const over = await postCompare({ ...urls(), options: { method: "POST", body: { text: `${exact}x` } } });
    const answer = await refusal(over);
    expect(answer).toMatchObject({ status: 400, code: "invalid_request" });
    expect(answer.text).toMatch(/the body is larger than 64 KiB/);
  });

  it("measures a JSON body as JSON.stringify sends it, quotes included", async () => {
    // A JSON string is sent with its two quotes: 65,534 characters are 65,536 bytes.
    const fits = await postCompare({
      ...urls(),
      options: { method: "POST", body: { json: "x".repeat(MAX_REQUEST_BODY_BYTES - 2) } },
    });
    expect(fits.status).toBe(202);
    const over = await postCompare({
      ...urls(),
      options: { method: "POST", body: { json: "x".repeat(MAX_REQUEST_BODY_BYTES - 1) } },
    });
    expect((await refusal(over)).text).toMatch(/the body is larger than 64 KiB/);
  });

  it("refuses a body that is neither json nor text, and a content type that is not a media type", async () => {
    const neither = await refusal(
      await postCompare({ ...urls(), options: { method: "POST", body: { yaml: "a: 1" } } }),
    );
    expect(neither).toMatchObject({ status: 400, code: "invalid_request" });
    const badType = await refusal(
      await postCompare({
        ...urls(),
        options: { method: "POST", body: { text: "a", contentType: "text/plain\r\nx-injected: 1" } },
      }),
    );
    expect(badType.text).toMatch(/must be a media type/);
  });

  it("refuses a compare request larger than the 64 KiB body and 16 KiB more with 413", async () => {
    const res = await postCompare({
      ...urls(),
      options: { method: "POST", body: { text: "x".repeat(MAX_REQUEST_BODY_BYTES) } },
      padding: "y".repeat(17 * 1024),
    });
    expect((await refusal(res)).code).toBe("payload_too_large");
  });

  it("refuses a pair setting of POST or of a body: a saved setting never turns a GET into a POST", async () => {
    const { leftUrl, rightUrl } = urls();
    const pairKey = await computePairKey(leftUrl, rightUrl);
    for (const settings of [{ method: "POST" }, { body: { json: {} } }]) {
      const res = await api(`/api/pairs/${pairKey}/settings`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(settings),
      });
      expect((await refusal(res)).code).toBe("invalid_request");
    }
  });
});

describe("what names a POST's pair", () => {
  it("keeps a GET and a POST of the same URLs, and two different queries, in pairs of their own", async () => {
    const { leftUrl, rightUrl } = urls();
    const started = async (options?: unknown) => {
      const res = await postCompare({ leftUrl, rightUrl, ...(options ? { options } : {}) });
      expect(res.status).toBe(202);
      return (await res.json<{ pairKey: string }>()).pairKey;
    };
    const get = await started();
    const post = await started({ method: "POST", body: { json: { query: "{ a }", variables: { x: 1, y: 2 } } } });
    const other = await started({ method: "POST", body: { json: { query: "{ b }" } } });
    const reordered = await started({ method: "POST", body: { json: { variables: { y: 2, x: 1 }, query: "{ a }" } } });
    const asText = await started({ method: "POST", body: { text: '{"query":"{ a }"}' } });
    expect(new Set([get, post, other, asText]).size).toBe(4);
    expect(reordered).toBe(post);
    expect(get).toBe(await computePairKey(leftUrl, rightUrl));
    expect(await started({ method: "HEAD" })).toBe(get);
  });

  it("replays an Idempotency-Key for the same body, refuses it for the same body with other options", async () => {
    const first = { ...urls(), options: { method: "POST", body: { json: { query: "{ a }" } } } };
    const key = `body-${crypto.randomUUID()}`;
    const sent = await postCompare(first, { "idempotency-key": key });
    expect(sent.status).toBe(202);
    const { pairKey } = await sent.json<{ pairKey: string }>();
    const again = await postCompare(first, { "idempotency-key": key });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const changed = await postCompare(
      { ...first, options: { ...first.options, timeoutMs: 2000 } },
      { "idempotency-key": key },
    );
    expect((await refusal(changed)).code).toBe("idempotency_conflict");
    // Another body is another pair, as other URLs are: the key is kept by the pair it started.
    const other = await postCompare(
      { ...first, options: { ...first.options, body: { json: { query: "{ b }" } } } },
      {
        "idempotency-key": key,
      },
    );
    expect(other.status).toBe(202);
    expect((await other.json<{ pairKey: string }>()).pairKey).not.toBe(pairKey);
  });
});

describe("a GraphQL endpoint compared with POST", () => {
  it("finds nothing when both schemas answer the query the same", async () => {
    const q = fresh();
    const state = await compareAndWait(`${GRAPHQL.staging()}${q}`, `${GRAPHQL.production()}${q}`, {
      method: "POST",
      body: { json: { query: "{ shop { name } }" } },
      ignorePaths: ["/timing/totalMs"],
    });
    expect(state.status).toBe("completed");
    expect(state.options).toMatchObject({ method: "POST", body: { json: { query: "{ shop { name } }" } } });
    expect(state.probes.left?.method).toBe("POST");
    expect(state.probes.left?.body?.json).toEqual({ data: { shop: { name: "shop" } } });
    expect(state.result?.diff.identical).toBe(true);
  });

  it("reports production's 200 with an `errors` array as a medium difference an engineer sees", async () => {
    const q = fresh();
    const state = await compareAndWait(`${GRAPHQL.staging()}${q}`, `${GRAPHQL.production()}${q}`, {
      method: "POST",
      body: { json: { query: "{ shop { name currency } }" } },
      leftLabel: "staging",
      rightLabel: "production",
    });
    expect(state.status).toBe("completed");
    expect(state.probes.right?.status).toBe(200);
    const differences = state.result?.diff.differences ?? [];
    const errors = differences.find((d) => d.path === "/body/json/errors");
    expect(errors).toMatchObject({ kind: "body", change: "added", severity: "medium" });
    expect(JSON.stringify(errors?.right)).toContain('Cannot query field \\"currency\\" on type \\"Shop\\"');
    expect(differences.map((d) => d.path)).toContain("/body/json/data");
    expect(state.result?.verdict).toBe("different");
    expect(state.result?.explanation.severity).toBe("medium");
    expect(state.result?.explanation.summary).toMatch(/errors/);
  });
});
