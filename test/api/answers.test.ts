/**
 * Issue 23 end to end, through the API and the workflow, on small targets of its own
 * (test/support/answer-targets.ts): what an engineer reads about a service envdiff was never tuned
 * for. A difference in a keyed element names the element and points into each side's document;
 * a missing element of a shuffled list is one recurring difference; severity does not depend on
 * which side lacks a value; a rename is one difference; consequences are folded under their cause
 * and counted once.
 */
import { describe, expect, inject, it } from "vitest";
import type { ComparisonState } from "../../src/shapes/comparison";
import type { JsonValue } from "../../src/shapes/json";
import type { Difference } from "../../src/shapes/result";
import { compareAndWait } from "../support/api";

const base = () => inject("answerTargetsUrl");
const tag = () => crypto.randomUUID();

/** A /doc URL answering `body` (JSON), with `params` such as status or `h-cache-control`. */
function doc(body: JsonValue, params: Record<string, string> = {}, run = tag()): string {
  const query = new URLSearchParams({ body: JSON.stringify(body), ...params, run });
  return `${base()}/doc?${query}`;
}

function differences(state: ComparisonState): Difference[] {
  expect(state.status).toBe("completed");
  return state.result?.diff.differences ?? [];
}

/** Reads an RFC 6901 pointer under /body/json in a probe's stored JSON body. */
function at(state: ComparisonState, side: "left" | "right", pointer: string): JsonValue | undefined {
  let here: JsonValue | undefined = state.probes[side]?.body?.json;
  for (const raw of pointer.slice("/body/json".length).split("/").slice(1)) {
    const segment = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (here === null || here === undefined || typeof here !== "object") return undefined;
    here = Array.isArray(here) ? here[Number(segment)] : here[segment];
  }
  return here;
}

describe("identity on a service nobody tuned envdiff for", () => {
  it("names the project whose region changed, with a pointer valid in each environment", async () => {
    const project = (id: string, region: string) => ({ id, name: `Project ${id}`, region });
    const left = doc({ projects: ["prj_1", "prj_2", "prj_3", "prj_4kq2"].map((id) => project(id, "eu-west")) });
    const right = doc({
      projects: [project("prj_4kq2", "us-east"), project("prj_3", "eu-west"), project("prj_1", "eu-west")].concat(
        project("prj_2", "eu-west"),
      ),
    });
    const state = await compareAndWait(left, right);
    const region = differences(state).find((d) => d.path.endsWith("/region")) as Difference;
    expect(region).toMatchObject({ key: "prj_4kq2", left: "eu-west", right: "us-east" });
    expect(at(state, "left", region.leftPath as string)).toBe("eu-west");
    expect(at(state, "right", region.rightPath as string)).toBe("us-east");
    expect(at(state, "left", (region.leftPath as string).replace(/\/region$/, "/id"))).toBe("prj_4kq2");
    expect(at(state, "right", (region.rightPath as string).replace(/\/region$/, "/id"))).toBe("prj_4kq2");
    // The explanation names the element, not one side's index alone.
    expect(state.result?.explanation.summary).toContain('element "prj_4kq2"');
  });

  it("calls an article missing from a shuffled search result recurring on every later run", {
    timeout: 60_000,
  }, async () => {
    const run = tag();
    const left = `${base()}/shuffled?missing=art_9&run=${run}`;
    const right = `${base()}/shuffled?run=${run}`;
    for (let n = 1; n <= 3; n++) {
      const state = await compareAndWait(left, right);
      const found = differences(state);
      expect({ run: n, found: found.map((d) => [d.change, d.key, d.history]) }).toEqual({
        run: n,
        found: [["added", "art_9", n === 1 ? "new" : "recurring"]],
      });
      expect(at(state, "right", found[0]?.path as string)).toMatchObject({ id: "art_9" });
      expect(state.result?.resolved).toEqual([]);
    }
  });
});

describe("severity on a service nobody tuned envdiff for", () => {
  it("rates a field missing on either side the same", async () => {
    const withTaxId = { customer: "c1", taxId: "DE123456789" };
    const without = { customer: "c1" };
    const one = await compareAndWait(doc(without), doc(withTaxId));
    const other = await compareAndWait(doc(withTaxId), doc(without));
    const severity = (s: ComparisonState) => differences(s).find((d) => d.path === "/body/json/taxId")?.severity;
    expect(severity(one)).toBe("medium");
    expect(severity(other)).toBe("medium");
  });

  it("reports a renamed field as one difference naming the old and the new key", async () => {
    const state = await compareAndWait(doc({ taxId: "DE123456789", n: 1 }), doc({ vatId: "DE123456789", n: 1 }));
    expect(differences(state)).toEqual([
      expect.objectContaining({
        change: "renamed",
        path: "/body/json/taxId",
        leftPath: "/body/json/taxId",
        rightPath: "/body/json/vatId",
        left: "DE123456789",
        right: "DE123456789",
        severity: "medium",
      }),
    ]);
    expect(state.result?.explanation.summary).toContain("renamed");
  });

  it("rates cache-control going from immutable to no-cache as medium", async () => {
    const state = await compareAndWait(
      doc({}, { "h-cache-control": "public, max-age=31536000, immutable" }),
      doc({}, { "h-cache-control": "no-cache" }),
    );
    expect(differences(state).map((d) => [d.path, d.severity])).toEqual([["/headers/cache-control", "medium"]]);
  });
});

describe("consequences on a service nobody tuned envdiff for", () => {
  it("folds content-length and etag under the body change and counts it once", async () => {
    const state = await compareAndWait(doc({ price: 12, sku: "A" }), doc({ price: 1400, sku: "A" }));
    const [price, ...rest] = differences(state);
    expect(rest).toEqual([]);
    expect(price?.path).toBe("/body/json/price");
    expect(price?.consequences?.map((c) => c.path).sort()).toEqual(["/headers/content-length", "/headers/etag"]);
    expect(state.result?.diff.summary).toEqual({ high: 0, medium: 1, low: 0, info: 0, total: 1 });
    expect(state.result?.explanation.summary).toMatch(/1 difference \(and 2 consequences that follow from it\)/);
    expect(state.result?.explanation.summary).toContain("2 consequences follow from it");
  });

  it("folds the body of an error page under the status that changed class", async () => {
    const ok = doc({ items: [{ id: 1, name: "Desk" }], total: 1 });
    const down = doc({ error: "upstream unavailable", retryAfter: 30 }, { status: "503" });
    const state = await compareAndWait(ok, down);
    const [status, ...rest] = differences(state);
    expect(rest).toEqual([]);
    expect(status).toMatchObject({ path: "/status", left: 200, right: 503, severity: "high" });
    const folded = status?.consequences?.map((c) => c.path) ?? [];
    expect(folded).toEqual(expect.arrayContaining(["/body/json/items", "/body/json/error", "/headers/content-length"]));
    expect(state.result?.diff.summary.total).toBe(1);
  });

  it("leaves out a content-length that only follows from a masked value, with the value", async () => {
    const masks = [{ pattern: "build-[0-9]+" }];
    const state = await compareAndWait(doc({ build: "build-7", ok: true }), doc({ build: "build-7001", ok: true }), {
      masks,
    });
    expect(differences(state)).toEqual([]);
    expect(state.result?.diff.identical).toBe(true);
    expect(state.result?.noise?.map((n) => n.path)).toEqual(
      expect.arrayContaining(["/headers/content-length", "/headers/etag"]),
    );
  });
});
