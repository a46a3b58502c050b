import { describe, expect, it } from "vitest";
import { diffEnvelopes } from "../../src/diff";
import { difference, left, right, textBody } from "../support/envelopes";

const page = (lines: string[]) => lines.join("\n");
const lines20 = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);

function textDiff(l: string, r: string) {
  return diffEnvelopes(left({ body: textBody(l) }), right({ body: textBody(r) })).differences;
}

describe("text bodies", () => {
  it("reports a changed line as one difference holding just that line, numbered, on each side", () => {
    const l = page(["<html>", "<body>", "<h1>Welcome</h1>", "<p>Version 1.4</p>", "</body>", "</html>"]);
    const [d, ...rest] = textDiff(l, l.replace("1.4", "1.5"));
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ kind: "body", change: "changed", severity: "medium" });
    expect(d?.path).toMatch(/^\/body\/text\/@[0-9a-f]{8}$/);
    expect(d?.left).toBe("-4| <p>Version 1.4</p>");
    expect(d?.right).toBe("+4| <p>Version 1.5</p>");
  });

  it("reports distant changes as separate differences, so each is classified apart", () => {
    const r = [...lines20];
    r[2] = "LINE 3";
    r[16] = "LINE 17";
    const differences = textDiff(page(lines20), page(r));
    expect(differences.map((d) => [d.left, d.right])).toEqual([
      ["-3| line 3", "+3| LINE 3"],
      ["-17| line 17", "+17| LINE 17"],
    ]);
    expect(new Set(differences.map((d) => d.path)).size).toBe(2);
  });

  it("keeps a hunk's path when lines are inserted elsewhere in the page", () => {
    const r = [...lines20];
    r[16] = "LINE 17";
    const before = textDiff(page(lines20), page(r));
    const shifted = ["new banner", "another", ...r];
    const after = textDiff(page(lines20), page(shifted));
    const moved = after.find((d) => String(d.right).includes("LINE 17"));
    expect(moved?.path).toBe(before[0]?.path);
    expect(moved?.right).toBe("+19| LINE 17");
  });

  it("shows inserted lines only on the right, as an addition", () => {
    const r = [...lines20.slice(0, 10), "new A", "new B", ...lines20.slice(10)];
    expect(textDiff(page(lines20), page(r))).toEqual([
      expect.objectContaining({ change: "added", left: null, right: "+11| new A\n+12| new B" }),
    ]);
  });

  it("keeps each hunk's value near 2 KB and says how many changed lines it left out", () => {
    const l = Array.from({ length: 500 }, (_, i) => `left line ${i} ${"x".repeat(40)}`);
    const r = Array.from({ length: 500 }, (_, i) => `right line ${i} ${"y".repeat(40)}`);
    const [d] = textDiff(page(l), page(r));
    expect(String(d?.left).length).toBeLessThanOrEqual(2200);
    expect(String(d?.left)).toMatch(/^-1\| left line 0 x+\n-2\| left line 1/);
    expect(String(d?.right)).toMatch(/\n… \d+ more changed line\(s\) not shown$/);
  });

  it("notes on the side that was truncated that only the part read was compared", () => {
    const differences = diffEnvelopes(
      left({ body: textBody(page(["a", "b", "c"])) }),
      right({ body: textBody(page(["a", "B", "c"]), { truncated: true, bytes: 1_048_576 }) }),
    ).differences;
    expect(differences[0]?.right).toBe("+2| B\n(body truncated at 1048576 bytes; only that part was compared)");
    expect(differences[1]).toEqual(difference("body", "/body/truncated", "added", "info", false, true));
  });

  it("clips very long lines such as minified scripts", () => {
    const [d] = textDiff(`a\n${"x".repeat(5000)}`, `a\n${"y".repeat(5000)}`);
    expect(d?.right).toBe(`+2| ${"y".repeat(200)}…`);
  });
});
