import { describe, expect, it } from "vitest";
import { diffEnvelopes } from "../../src/diff";
import { difference, left, right, textBody } from "../support/envelopes";

const page = (lines: string[]) => lines.join("\n");
const lines20 = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);

function textDiff(l: string, r: string) {
  return diffEnvelopes(left({ body: textBody(l) }), right({ body: textBody(r) })).differences;
}

describe("text bodies", () => {
  it("reports a changed line as one /body/text difference with numbered context on each side", () => {
    const l = page([
      "<html>",
      "<body>",
      "<h1>Welcome</h1>",
      "<p>Version 1.4</p>",
      "<footer>x</footer>",
      "</body>",
      "</html>",
    ]);
    const r = l.replace("1.4", "1.5");
    expect(textDiff(l, r)).toEqual([
      difference(
        "body",
        "/body/text",
        "changed",
        "medium",
        " 2| <body>\n 3| <h1>Welcome</h1>\n-4| <p>Version 1.4</p>\n 5| <footer>x</footer>\n 6| </body>",
        " 2| <body>\n 3| <h1>Welcome</h1>\n+4| <p>Version 1.5</p>\n 5| <footer>x</footer>\n 6| </body>",
      ),
    ]);
  });

  it("separates distant changes with an ellipsis", () => {
    const r = [...lines20];
    r[2] = "LINE 3";
    r[16] = "LINE 17";
    const [d] = textDiff(page(lines20), page(r));
    expect(d?.left).toBe(
      " 1| line 1\n 2| line 2\n-3| line 3\n 4| line 4\n 5| line 5\n…\n 15| line 15\n 16| line 16\n-17| line 17\n 18| line 18\n 19| line 19",
    );
    expect(d?.right).toBe(
      " 1| line 1\n 2| line 2\n+3| LINE 3\n 4| line 4\n 5| line 5\n…\n 15| line 15\n 16| line 16\n+17| LINE 17\n 18| line 18\n 19| line 19",
    );
  });

  it("shows inserted lines only on the right, with the surrounding lines on the left", () => {
    const r = [...lines20.slice(0, 10), "new A", "new B", ...lines20.slice(10)];
    const [d] = textDiff(page(lines20), page(r));
    expect(d?.left).toBe(" 9| line 9\n 10| line 10\n 11| line 11\n 12| line 12");
    expect(d?.right).toBe(" 9| line 9\n 10| line 10\n+11| new A\n+12| new B\n 13| line 11\n 14| line 12");
  });

  it("keeps each excerpt near 2 KB and says how many changed lines it left out", () => {
    const l = Array.from({ length: 500 }, (_, i) => `left line ${i} ${"x".repeat(40)}`);
    const r = Array.from({ length: 500 }, (_, i) => `right line ${i} ${"y".repeat(40)}`);
    const [d] = textDiff(page(l), page(r));
    const leftExcerpt = String(d?.left);
    const rightExcerpt = String(d?.right);
    expect(leftExcerpt.length).toBeLessThanOrEqual(2200);
    expect(rightExcerpt.length).toBeLessThanOrEqual(2200);
    expect(leftExcerpt).toMatch(/^-1\| left line 0 x+\n-2\| left line 1/);
    expect(leftExcerpt).toMatch(/\n… \d+ more changed line\(s\) not shown$/);
    expect(rightExcerpt).toMatch(/\n… \d+ more changed line\(s\) not shown$/);
  });

  it("notes on the side that was truncated that only the part read was compared", () => {
    const l = page(["a", "b", "c"]);
    const differences = diffEnvelopes(
      left({ body: textBody(l) }),
      right({ body: textBody(page(["a", "B", "c"]), { truncated: true, bytes: 1_048_576 }) }),
    ).differences;
    expect(differences).toEqual([
      difference(
        "body",
        "/body/text",
        "changed",
        "medium",
        " 1| a\n-2| b\n 3| c",
        " 1| a\n+2| B\n 3| c\n(body truncated at 1048576 bytes; only that part was compared)",
      ),
      difference("body", "/body/truncated", "added", "info", false, true),
    ]);
  });

  it("clips very long lines such as minified scripts", () => {
    const [d] = textDiff(`a\n${"x".repeat(5000)}`, `a\n${"y".repeat(5000)}`);
    expect(d?.right).toBe(` 1| a\n+2| ${"y".repeat(200)}…`);
  });
});
