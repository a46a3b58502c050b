/**
 * A line that varies between samples of one side only in tokens with digits (a clock, a counter)
 * keeps the rest of it compared: a version on the same line as an update clock is a difference,
 * the clock is not. A line that varies in words stays noise as a whole.
 */
import { describe, expect, it } from "vitest";
import { PLACEHOLDER, TemplateSet, templateOf } from "../../src/diff/line-templates";
import { addSample, diffWithoutNoise, sampleNoise } from "../../src/diff/noise";
import type { SignalEnvelope } from "../../src/shapes/envelope";
import { left, right, textBody } from "../support/envelopes";

const line = (clock: string, version: string) => `<p>Updated ${clock} UTC · status-page v${version}</p>`;
const page = (clock: string, version: string, tip: string) =>
  textBody(["<main>", "<h1>All systems operational</h1>", `<p>${tip}</p>`, line(clock, version), "</main>"].join("\n"));

function facts(samples: SignalEnvelope[]) {
  const first = samples[0] as SignalEnvelope;
  return samples.slice(2).reduce((f, s) => addSample(f, first, s, {}), sampleNoise(samples.slice(0, 2), {}));
}

function compare(leftPages: ReturnType<typeof textBody>[], rightPages: ReturnType<typeof textBody>[]) {
  const ls = leftPages.map((body) => left({ body }));
  const rs = rightPages.map((body) => right({ body }));
  return diffWithoutNoise(ls[0] as SignalEnvelope, rs[0] as SignalEnvelope, {}, facts(ls), facts(rs));
}

describe("line templates", () => {
  it("makes a template of a line whose tokens with digits varied, and none of one whose words did", () => {
    expect(templateOf(line("14:16:02", "3.3.0"), line("14:17:00", "3.3.0"))).toBe(
      `<p>Updated 14:${PLACEHOLDER}:${PLACEHOLDER} UTC · status-page v3.3.0</p>`,
    );
    expect(templateOf("<p>Tip: subscribe by RSS.</p>", "<p>Tip: follow us on X.</p>")).toBeNull();
    // Too little left steady: every numeric cell of a table would compare equal.
    expect(templateOf("<td>42</td>", "<td>43</td>")).toBeNull();
  });

  it("compares a line that fits a template with its varying tokens as placeholders", () => {
    const templates = new TemplateSet([templateOf(line("14:16:02", "3.3.0"), line("14:16:03", "3.3.0")) as string]);
    expect(templates.canonical(line("14:16:09", "3.3.0"))).toBe(templates.canonical(line("14:16:02", "3.3.0")));
    expect(templates.canonical(line("14:16:09", "3.2.0"))).toBe(line("14:16:09", "3.2.0"));
  });

  it("reports a version that differs on the line of a ticking clock, and not the clock", () => {
    const tips = ["Tip: subscribe by RSS.", "Tip: incidents are posted here first."];
    const found = compare(
      [
        page("14:16:02", "3.3.0-rc.1", tips[0] ?? ""),
        page("14:16:02", "3.3.0-rc.1", tips[1] ?? ""),
        page("14:16:03", "3.3.0-rc.1", tips[0] ?? ""),
      ],
      [
        page("14:16:02", "3.2.0", tips[1] ?? ""),
        page("14:16:02", "3.2.0", tips[1] ?? ""),
        page("14:16:04", "3.2.0", tips[0] ?? ""),
      ],
    );
    expect(found.diff.differences.map((d) => [d.kind, d.left, d.right])).toEqual([
      ["body", `-4| ${line("14:16:02", "3.3.0-rc.1")}`, `+4| ${line("14:16:02", "3.2.0")}`],
    ]);
    // The hunk varied between samples too, yet it is reported, so it is not listed as noise: history
    // would take a path listed as noise for one that was not compared, and call it new every run.
    const hunk = found.diff.differences[0]?.path;
    expect(found.noise.map((n) => n.path)).not.toContain(hunk);
  });

  it("calls a token noise that varied with digits on one side and without on the other", () => {
    // A random form key: on the left its samples happened to have no digit (the line varies as a
    // whole), on the right they had (a template): the two cannot be compared token by token.
    const form = (key: string) =>
      textBody(["<form>", `<input type="hidden" name="form_key" value="${key}">`, "</form>"].join("\n"));
    const found = compare([form("ObKfEHxQnZ"), form("pQrStUvWxY")], [form("2i5n5UR29t"), form("x9Lm3Q7aB1")]);
    expect(found.diff.differences).toEqual([]);
  });

  it("calls the same line with a ticking clock on both sides identical", () => {
    const found = compare(
      [page("14:16:59", "3.2.0", "Tip"), page("14:16:59", "3.2.0", "Tip"), page("14:17:00", "3.2.0", "Tip")],
      [page("14:17:00", "3.2.0", "Tip"), page("14:17:00", "3.2.0", "Tip"), page("14:17:01", "3.2.0", "Tip")],
    );
    expect(found.diff.differences).toEqual([]);
  });

  it("gives a line missing on one side, among lines with a clock, the same path whatever the minute", () => {
    // A sitemap: every entry carries a lastmod clock. Between two samples only its seconds tick, so
    // a template keeps the minute as steady; the entry before the missing one must not anchor it.
    const entry = (page: string, clock: string) =>
      `<url><loc>/docs/${page}</loc><lastmod>2026-12-03T${clock}Z</lastmod></url>`;
    const sitemap = (pages: string[], clock: string) =>
      textBody(["<urlset>", ...pages.map((p) => entry(p, clock)), "</urlset>"].join("\n"));
    const run = (minute: string) => {
      const clocks = [`09:${minute}:48.860`, `09:${minute}:49.100`];
      return compare(
        clocks.map((c) => sitemap(["en", "de", "fr"], c)),
        clocks.map((c) => sitemap(["en", "de", "fr", "ja"], c)),
      ).diff.differences.map((d) => [d.path, d.change]);
    };
    const first = run("02");
    expect(first).toHaveLength(1);
    expect(first[0]?.[1]).toBe("added");
    expect(run("03")).toEqual(first);
  });
});
