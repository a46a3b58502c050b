/**
 * Identity in paths (issue 23): a difference inside an array element matched by key names the key
 * and carries a pointer valid in each side's document, so nobody reads one side's index as the
 * other's; arrays of objects are matched by a natural key when none is configured; arrays of
 * scalars never produce positional noise.
 */
import { describe, expect, it } from "vitest";
import { diffEnvelopes } from "../../src/diff";
import type { JsonValue } from "../../src/shapes/json";
import type { Difference } from "../../src/shapes/result";
import { jsonBody, left, right } from "../support/envelopes";

const diffJson = (l: JsonValue, r: JsonValue, rules = {}) =>
  diffEnvelopes(left({ body: jsonBody(l) }), right({ body: jsonBody(r) }), rules).differences;

/** Reads an RFC 6901 pointer under /body/json in a document; undefined when nothing is there. */
function at(document: JsonValue, pointer: string): JsonValue | undefined {
  expect(pointer.startsWith("/body/json")).toBe(true);
  let here: JsonValue | undefined = document;
  for (const raw of pointer.slice("/body/json".length).split("/").slice(1)) {
    const segment = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (here === null || typeof here !== "object") return undefined;
    here = Array.isArray(here) ? here[Number(segment)] : here[segment];
  }
  return here;
}

/** The element a pointer lies in: the pointer cut after `/projects/<index>`. */
const elementAt = (document: JsonValue, pointer: string, array: string) =>
  at(document, pointer.slice(0, pointer.indexOf("/", pointer.indexOf(array) + array.length + 1)));

const projects = (region: string, order: string[]) => ({
  projects: order.map((id) => ({ id, name: `Project ${id}`, region: id === "prj_4kq2" ? region : "eu-west" })),
});

describe("a difference inside a keyed element", () => {
  const l = projects("eu-west", ["prj_1", "prj_2", "prj_3", "prj_4kq2", "prj_5"]);
  const r = projects("us-east", ["prj_4kq2", "prj_5", "prj_1", "prj_3", "prj_2"]);

  it("names the element's key and a pointer that is valid in each side's document", () => {
    const [region, ...rest] = diffJson(l, r).filter((d) => d.path !== "/body/json/projects");
    expect(rest).toEqual([]);
    expect(region).toMatchObject({
      path: "/body/json/projects/3/region",
      key: "prj_4kq2",
      leftPath: "/body/json/projects/3/region",
      rightPath: "/body/json/projects/0/region",
      left: "eu-west",
      right: "us-east",
    });
    const d = region as Difference;
    expect(at(l, d.leftPath as string)).toBe("eu-west");
    expect(at(r, d.rightPath as string)).toBe("us-east");
    // The element each pointer lands in is the one the key names, on each side.
    expect(elementAt(l, d.leftPath as string, "/projects")).toMatchObject({ id: "prj_4kq2" });
    expect(elementAt(r, d.rightPath as string, "/projects")).toMatchObject({ id: "prj_4kq2" });
  });

  it("names the key of an element present on one side only, with that side's pointer as its path", () => {
    const withNew = { projects: [...r.projects, { id: "prj_9", name: "New", region: "eu-west" }] };
    const added = diffJson(l, withNew).find((d) => d.change === "added") as Difference;
    expect(added).toMatchObject({ key: "prj_9", path: "/body/json/projects/5", rightPath: "/body/json/projects/5" });
    expect(added.leftPath).toBeUndefined();
    expect(at(withNew, added.path)).toMatchObject({ id: "prj_9" });
    const removed = diffJson(withNew, l).find((d) => d.change === "removed") as Difference;
    expect(removed).toMatchObject({ key: "prj_9", path: "/body/json/projects/5", leftPath: "/body/json/projects/5" });
  });

  it("gives the innermost key inside nested keyed lists, and pointers valid on both sides", () => {
    const team = (role: string, order: string[]) => ({
      teams: [
        { id: "t1", members: order.map((id) => ({ id, role: id === "u2" ? role : "viewer" })) },
        { id: "t2", members: [] },
      ],
    });
    const a = team("admin", ["u1", "u2", "u3"]);
    const b = { teams: [...team("viewer", ["u3", "u2", "u1"]).teams].reverse() };
    const role = diffJson(a, b).find((d) => d.path.endsWith("/role")) as Difference;
    expect(role).toMatchObject({ key: "u2", leftPath: "/body/json/teams/0/members/1/role" });
    expect(role.rightPath).toBe("/body/json/teams/1/members/1/role");
    expect(at(a, role.leftPath as string)).toBe("admin");
    expect(at(b, role.rightPath as string)).toBe("viewer");
  });

  it("gives both pointers where content alignment shifts the indexes, and none where they agree", () => {
    // Numbers, not names: no field keys these rows (a string field the sides share would).
    const a: JsonValue = { rows: [{ v: 1 }, { v: 2, n: 1 }] };
    const b: JsonValue = { rows: [{ v: 9 }, { v: 1 }, { v: 2, n: 2 }] };
    const changed = diffJson(a, b).find((d) => d.change === "changed") as Difference;
    expect(changed).toMatchObject({ leftPath: "/body/json/rows/1/n", rightPath: "/body/json/rows/2/n" });
    expect(changed.key).toBeUndefined();
    expect(diffJson({ a: { n: 1 } }, { a: { n: 2 } })[0]).not.toHaveProperty("leftPath");
  });
});

describe("natural keys when no arrayKeys names one", () => {
  it.each<[string, string, (n: number) => Record<string, JsonValue>]>([
    ["uuid", "uuid", (n) => ({ uuid: `u-${n}`, v: n })],
    ["slug", "slug", (n) => ({ slug: `post-${n}`, v: n })],
    ["sku", "sku", (n) => ({ sku: `SKU-${n}`, v: n })],
    ["name", "name", (n) => ({ name: `Item ${n}`, v: n })],
    ["a field named like an id", "articleId", (n) => ({ articleId: n, v: n })],
    ["id before name", "id", (n) => ({ name: `Item ${n}`, id: n, v: n })],
  ])("matches objects by %s", (_case, field, make) => {
    const a = [1, 2, 3].map(make);
    const b = [3, 1, 2].map(make).map((o) => (o[field] === a[1]?.[field] ? { ...o, v: 20 } : o));
    const inner = diffJson(a, b).find((d) => d.path.endsWith("/v")) as Difference;
    expect(inner).toMatchObject({ key: a[1]?.[field], leftPath: "/body/json/1/v", rightPath: "/body/json/2/v" });
  });

  it("falls back to content when the two sides share no key value", () => {
    const found = diffJson([{ id: "a1", v: 1 }], [{ id: "b1", v: 1 }]);
    expect(found.map((d) => [d.path, d.change])).toEqual([["/body/json/0/id", "changed"]]);
  });

  it("matches a list with no id by a string field the sides share, and names the element that is missing", () => {
    // Regions in a random order, each with a latency that differs on every response: no content to
    // match by, yet the names are the identity.
    const regions = (names: string[], ms: number[]) =>
      names.map((region, i) => ({ region, status: "up", latencyMs: ms[i] ?? 0 }));
    const found = diffJson(
      { regions: regions(["eu", "us", "ap"], [12, 40, 33]) },
      { regions: regions(["ap", "in", "eu", "us"], [31, 8, 14, 41]) },
      { unorderedPaths: ["/body/json/regions"], noisePaths: [] },
    );
    const added = found.find((d) => d.change === "added");
    expect(added).toMatchObject({ path: "/body/json/regions/1", key: "in" });
    expect(found.filter((d) => d.path.endsWith("/latencyMs")).map((d) => d.key)).toEqual(["eu", "us", "ap"]);
  });

  it("keys by no string field of which the sides share less than half", () => {
    const found = diffJson(
      [
        { label: "a", v: 1 },
        { label: "b", v: 2 },
        { label: "c", v: 3 },
      ],
      [
        { label: "a", v: 1 },
        { label: "x", v: 2 },
        { label: "y", v: 3 },
      ],
    );
    expect(found.map((d) => [d.path, d.change])).toEqual([
      ["/body/json/1/label", "changed"],
      ["/body/json/2/label", "changed"],
    ]);
  });

  it("uses a key named in arrayKeys even when no value is shared", () => {
    const found = diffJson({ l: [{ code: "x" }] }, { l: [{ code: "y" }] }, { arrayKeys: { "/body/json/l": "code" } });
    expect(found.map((d) => [d.path, d.change, d.key])).toEqual([
      ["/body/json/l/0", "removed", "x"],
      ["/body/json/l/0", "added", "y"],
    ]);
  });
});

describe("arrays of scalars", () => {
  it("reports values that only moved as one order change, never as a change per index", () => {
    const found = diffJson({ tags: ["a", "b", "c", "d"] }, { tags: ["d", "c", "b", "a"] });
    expect(found.map((d) => [d.path, d.change])).toEqual([["/body/json/tags", "changed"]]);
  });

  it("reports a moved set with one value more as the order change and the one added value", () => {
    const found = diffJson({ tags: ["a", "b", "c", "d"] }, { tags: ["b", "a", "d", "e", "c"] });
    // Most severe first: a new value of a set (medium), then the order (low).
    expect(found.map((d) => [d.path, d.change, d.right])).toEqual([
      ["/body/json/tags/3", "added", "e"],
      ["/body/json/tags", "changed", ["b", "a", "d", "e", "c"]],
    ]);
  });

  it("under unorderedPaths, reports only the value that came or went", () => {
    const found = diffJson({ ids: [1, 2, 3, 4] }, { ids: [4, 2, 1] }, { unorderedPaths: ["/body/json/ids"] });
    expect(found.map((d) => [d.path, d.change, d.left])).toEqual([["/body/json/ids/2", "removed", 3]]);
  });

  it("reports a value replaced where it stands as one change", () => {
    const found = diffJson({ v: [1, 2, 3, 4, 5] }, { v: [1, 2, 30, 4, 5] });
    expect(found.map((d) => [d.path, d.change])).toEqual([["/body/json/v/2", "changed"]]);
  });
});

describe("noise inside keyed elements", () => {
  it("leaves out a value that varied between the right side's samples, found at its right index", () => {
    // The right side's samples saw /items/0/score vary: in the right document, element "b" is at 0.
    const l = {
      items: [
        { id: "a", score: 1 },
        { id: "b", score: 2 },
      ],
    };
    const r = {
      items: [
        { id: "b", score: 7 },
        { id: "a", score: 1 },
      ],
    };
    const found = diffEnvelopes(left({ body: jsonBody(l) }), right({ body: jsonBody(r) }), {
      noisePaths: ["/body/json/items/0/score", "/body/json/items"],
    }).differences;
    expect(found).toEqual([]);
  });
});
