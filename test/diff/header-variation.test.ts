/**
 * A header that varies between samples of one side only in part is not noise as a whole: a list
 * whose items come in another order is compared without order, and a header that varies only in a
 * few tokens with digits is compared through its template. So a real change in the rest of it (a
 * preload hint missing, `private` against `public`, `Digest` against `Bearer`) is still reported, and
 * the part that varies never is.
 */
import { describe, expect, it } from "vitest";
import { addSample, diffWithoutNoise, sampleNoise } from "../../src/diff/noise";
import type { SignalEnvelope } from "../../src/shapes/envelope";
import { left, right } from "../support/envelopes";

const PRELOADS = [
  "</app.css>; rel=preload; as=style",
  "</app.js>; rel=preload; as=script",
  "</font.woff2>; rel=preload; as=font",
];

function facts(samples: SignalEnvelope[]) {
  const first = samples[0] as SignalEnvelope;
  return samples.slice(2).reduce((f, s) => addSample(f, first, s, {}), sampleNoise(samples.slice(0, 2), {}));
}

/** Compares each side's samples (their headers only), as a comparison does. */
function compare(leftHeaders: Record<string, string>[], rightHeaders: Record<string, string>[]) {
  const ls = leftHeaders.map((headers) => left({ headers: { "content-type": "application/json", ...headers } }));
  const rs = rightHeaders.map((headers) => right({ headers: { "content-type": "application/json", ...headers } }));
  const found = diffWithoutNoise(ls[0] as SignalEnvelope, rs[0] as SignalEnvelope, {}, facts(ls), facts(rs));
  return { rows: found.diff.differences.map((d) => [d.path, d.severity]), noise: found.noise.map((n) => n.path) };
}

const cacheControl = (scope: string, ttl: number) => ({ "cache-control": `${scope}, max-age=${ttl}` });
const digest = (nonce: string) => ({
  "www-authenticate": `Digest realm="api", qop="auth", algorithm=SHA-256, nonce="${nonce}", opaque="5ccc069c"`,
});

describe("headers that vary in part", () => {
  it("reports a preload hint missing from a Link header whose hints come in a new order every time", () => {
    const l = [PRELOADS.slice(0, 2).join(", "), [PRELOADS[1], PRELOADS[0]].join(", ")];
    const r = [PRELOADS.join(", "), [PRELOADS[2], PRELOADS[0], PRELOADS[1]].join(", ")];
    expect(
      compare(
        l.map((link) => ({ link })),
        r.map((link) => ({ link })),
      ).rows,
    ).toEqual([["/headers/link", "low"]]);
    // The same hints in another order on each side: nothing to report.
    expect(
      compare(
        l.map((link) => ({ link })),
        [...l].reverse().map((link) => ({ link })),
      ).rows,
    ).toEqual([]);
  });

  it("reports private against public beside a max-age that counts down, and not the countdown", () => {
    const found = compare(
      [cacheControl("private", 3381), cacheControl("private", 3380)],
      [cacheControl("public", 3379), cacheControl("public", 3378)],
    );
    expect(found.rows).toEqual([["/headers/cache-control", "medium"]]);
    expect(
      compare(
        [cacheControl("public", 3381), cacheControl("public", 3380)],
        [cacheControl("public", 3379), cacheControl("public", 3377)],
      ).rows,
    ).toEqual([]);
  });

  it("reports a Digest challenge against a Bearer one, and not the Digest nonce", () => {
    const bearer = { "www-authenticate": 'Bearer realm="api", error="invalid_token"' };
    expect(compare([digest("d44c965bb3cc"), digest("8f01aa2c9e4b")], [bearer, bearer]).rows).toEqual([
      ["/headers/www-authenticate", "medium"],
    ]);
    expect(
      compare([digest("d44c965bb3cc"), digest("8f01aa2c9e4b")], [digest("0a1b2c3d4e5f"), digest("77e1c0ffee99")]).rows,
    ).toEqual([]);
  });

  it("keeps a header that varies in words, or only in a number, noise as a whole", () => {
    const found = compare(
      [
        { "x-experiment": "checkout in blue", "x-ratelimit-remaining": "4199" },
        { "x-experiment": "checkout in green", "x-ratelimit-remaining": "4198" },
      ],
      [
        { "x-experiment": "checkout in green", "x-ratelimit-remaining": "4977" },
        { "x-experiment": "checkout in blue", "x-ratelimit-remaining": "4976" },
      ],
    );
    expect(found.rows).toEqual([]);
    expect(found.noise).toEqual(expect.arrayContaining(["/headers/x-experiment", "/headers/x-ratelimit-remaining"]));
  });
});
