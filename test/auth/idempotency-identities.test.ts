/**
 * Idempotency across identities (issue 21, finding 6): an Idempotency-Key is scoped by the identity
 * that sent it, so another identity's same key neither replays nor blocks the owner's request, and
 * the request hash kept with the key is an HMAC under a key derived from ENVDIFF_SECRETS_KEY, so a
 * guessed header value cannot be confirmed, neither through the API nor by hashing what is stored.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { canonicalJson, sha256Hex } from "../../src/digest";
import type { EnvPairDO } from "../../src/do/env-pair-do";
import { resolveOptions } from "../../src/shapes/options";
import { api, targets, waitForEnd } from "../support/api";
import { bases, freshKey, waitForRun } from "../support/suites";
import { bearer, call, makeToken } from "./support";

const json = { "content-type": "application/json" };

type Started = { comparisonId?: string; pairKey?: string; createdAt?: string; suiteId?: string; runId?: number };
/** What each test started, waited for at its end so no workflow outlives its file. */
let started: Started[] = [];

/** Until the comparison's last step (the directory's update) has run. */
async function untilRecorded({ comparisonId, pairKey, createdAt }: Started): Promise<void> {
  if (!comparisonId || !pairKey || !createdAt) return;
  await waitForEnd(comparisonId);
  for (const stop = Date.now() + 20_000; Date.now() < stop; ) {
    const res = await api(`/api/pairs/${pairKey}`);
    const seen = res.status === 200 ? (await res.json<{ pair: { lastComparedAt: string } }>()).pair.lastComparedAt : "";
    if (seen >= createdAt) return;
    await scheduler.wait(50);
  }
}

afterEach(async () => {
  for (const s of started) {
    if (s.suiteId && s.runId !== undefined) {
      const run = await waitForRun(s.suiteId, s.runId);
      for (const item of run.items) await untilRecorded({ ...item, createdAt: run.createdAt });
    } else await untilRecorded(s);
  }
  started = [];
});

async function post(path: string, token: string, key: string, body: unknown) {
  const res = await call(path, {
    method: "POST",
    headers: { ...json, ...bearer(token), "idempotency-key": key },
    body: JSON.stringify(body),
  });
  if (res.status === 202) started.push(await res.clone().json<Started>());
  return res;
}

function compareBody(q: string, secret: string) {
  return {
    leftUrl: `${targets()}/json?${q}`,
    rightUrl: `${targets()}/json?${q}&b`,
    options: { headers: { "x-api-key": secret } },
  };
}

describe("idempotency across identities", () => {
  it("another identity's same key and body starts its own comparison instead of replaying the owner's", async () => {
    const [owner, other] = [await makeToken(["compare"]), await makeToken(["compare"])];
    const key = `deploy-${crypto.randomUUID()}`;
    const body = compareBody(crypto.randomUUID(), "s3cret-value");
    const first = await post("/api/compare", owner.token, key, body);
    expect(first.status).toBe(202);
    const { comparisonId } = await first.json<{ comparisonId: string }>();

    // A right guess of the owner's header value, under the owner's key: no replay, nothing confirmed.
    const guess = await post("/api/compare", other.token, key, body);
    expect(guess.status).toBe(202);
    expect(guess.headers.get("idempotent-replayed")).toBeNull();
    expect((await guess.json<{ comparisonId: string }>()).comparisonId).not.toBe(comparisonId);

    // A wrong guess reads the same: no 422 tells it apart from a right one.
    const wrong = await post("/api/compare", other.token, `${key}-2`, compareBody(crypto.randomUUID(), "nope"));
    expect(wrong.status).toBe(202);

    // The owner's own retry still replays.
    const again = await post("/api/compare", owner.token, key, body);
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((await again.json<{ comparisonId: string }>()).comparisonId).toBe(comparisonId);
  });

  it("a key claimed first by another identity does not block the owner's request", async () => {
    const [owner, squatter] = [await makeToken(["compare"]), await makeToken(["compare"])];
    const key = "nightly-check";
    const q = crypto.randomUUID();
    const squatted = await post("/api/compare", squatter.token, key, compareBody(q, "squatter"));
    expect(squatted.status).toBe(202);
    const mine = await post("/api/compare", owner.token, key, compareBody(q, "owner"));
    expect(mine.status).toBe(202);
    expect(mine.headers.get("idempotent-replayed")).toBeNull();
  });

  it("suites too: another identity's key neither replays nor blocks the owner's suite", async () => {
    const [owner, other] = [await makeToken(["compare"]), await makeToken(["compare"])];
    const key = `suite-${crypto.randomUUID()}`;
    const body = { ...bases(), paths: [`/p/${freshKey()}`], options: { headers: { authorization: "Bearer owner" } } };
    const first = await post("/api/suites", owner.token, key, body);
    expect(first.status).toBe(202);
    const { suiteId } = await first.json<{ suiteId: string }>();
    const otherAnswer = await post("/api/suites", other.token, key, { ...body, paths: [`/p/${freshKey()}`] });
    expect(otherAnswer.status).toBe(202);
    expect(otherAnswer.headers.get("idempotent-replayed")).toBeNull();
    expect((await otherAnswer.json<{ suiteId: string }>()).suiteId).not.toBe(suiteId);
    const again = await post("/api/suites", owner.token, key, body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((await again.json<{ suiteId: string }>()).suiteId).toBe(suiteId);
  });

  it("the stored request hash is keyed: hashing a guessed header value does not reproduce it", async () => {
    const owner = await makeToken(["compare"]);
    const key = `ci-${crypto.randomUUID()}`;
    const body = compareBody(crypto.randomUUID(), "the-real-secret");
    const res = await post("/api/compare", owner.token, key, body);
    const { comparisonId, pairKey } = await res.json<{ comparisonId: string; pairKey: string }>();
    const stored = await runInDurableObject(env.ENV_PAIR.getByName(pairKey), async (_o: EnvPairDO, state) =>
      state.storage.sql
        .exec<{ k: string; h: string }>(
          "SELECT idempotency_key AS k, request_hash AS h FROM comparisons WHERE id = ?",
          comparisonId,
        )
        .one(),
    );
    // What the old unsalted hash was: SHA-256 over the request with its clear header values.
    const guessed = await sha256Hex(canonicalJson({ ...body, options: resolveOptions(body.options) }));
    expect(stored.h).not.toBe(guessed);
    expect(stored.h).not.toContain(guessed);
    expect(stored.h).not.toContain("the-real-secret");
    // Scoped by the identity that sent it (a token's identity; what names it is src/auth's).
    expect(stored.k.startsWith("identity:token:")).toBe(true);
    expect(stored.k.endsWith(`\n${key}`)).toBe(true);
  });
});
