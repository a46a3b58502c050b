/** Model answers checked against the measured facts: denials and answers that drop every high difference are refused. */
import { describe, expect, it } from "vitest";
import { contradiction } from "../../src/explain/contradiction";
import { diffOf, header, json, status } from "../support/differences";

const withHigh = diffOf(status(200, 503), header("x-version", "1.2.0", "1.3.0"));
const mediumOnly = diffOf(header("x-version", "1.2.0", "1.3.0"), json("/price", 12, 14));
const none = diffOf();

describe("answers that contradict the facts", () => {
  it.each([
    ["The environments are identical.", withHigh],
    ["There are no differences between staging and production.", mediumOnly],
    ["No significant changes; nothing to do.", mediumOnly],
    ["Both sides are the same.", withHigh],
    ["Nothing differs.", mediumOnly],
    ["The x-version header moved to 1.3.0.", withHigh],
  ])("refuses %j", (summary, diff) => {
    expect(contradiction(summary, [], diff)).not.toBeNull();
  });

  it.each([
    ["Production answers 503 while staging is healthy; x-version differs.", withHigh],
    ["The status differs and x-version moved to 1.3.0.", withHigh],
    ["x-version moved to 1.3.0 and the price went from 12 to 14.", mediumOnly],
  ])("accepts %j", (summary, diff) => {
    expect(contradiction(summary, [], diff)).toBeNull();
  });

  it("finds a high difference named only in the details", () => {
    expect(contradiction("The deploy looks off.", ["Right returns 503: check the 1.3.0 deploy."], withHigh)).toBeNull();
  });

  it("lets a model say identical when nothing differs", () => {
    expect(contradiction("The environments are identical.", [], none)).toBeNull();
  });
});
