/**
 * Structured logs: one JSON line per request and one per workflow step run, with the ids a reader
 * filters by and never a header value, secret or body.
 */
import { describe, expect, it, vi } from "vitest";
import { loggedStep } from "../../src/workflow/step-log";
import { compareAndWait, fresh, targets } from "../support/api";

type Line = Record<string, unknown>;

/** Every console line written so far, parsed (all of them must be JSON). */
function lines(spies: { mock: { calls: unknown[][] } }[]): { raw: string[]; parsed: Line[] } {
  const raw = spies.flatMap((spy) => spy.mock.calls.map((call) => String(call[0])));
  return { raw, parsed: raw.map((line) => JSON.parse(line) as Line) };
}

describe("structured logs", () => {
  it("log one line per workflow step with ids, duration and outcome, and no header values", async () => {
    const spies = [vi.spyOn(console, "log"), vi.spyOn(console, "warn"), vi.spyOn(console, "error")];
    const q = fresh();
    const secret = "Bearer s3cret-log-check";
    const state = await compareAndWait(
      `${targets()}/headers${q}&x-served-by=resp-v4lue-left`,
      `${targets()}/headers${q}&x-served-by=resp-v4lue-right`,
      { headers: { authorization: secret, "x-api-key": "k3y-log-check", "x-env": "pl4in-log-check" } },
    );
    expect(state.status).toBe("completed");
    const { raw, parsed } = lines(spies);

    const steps = parsed.filter((line) => line.event === "workflow.step" && line.comparisonId === state.comparisonId);
    expect(steps.map((line) => line.step).sort()).toEqual(["complete", "confirm", "diff", "explain", "probe"]);
    // The confirm step says how many rounds of samples it took.
    expect(steps.find((line) => line.step === "confirm")).toMatchObject({ rounds: expect.any(Number) });
    for (const line of steps) {
      expect(line).toMatchObject({ level: "info", pairKey: state.pairKey, outcome: "ok" });
      expect(line.durationMs).toEqual(expect.any(Number));
    }
    expect(steps.find((line) => line.step === "probe")).toMatchObject({
      leftStatus: 200,
      rightStatus: 200,
      leftError: null,
      rightError: null,
    });

    const request = parsed.find((line) => line.event === "request" && line.comparisonId === state.comparisonId);
    expect(request).toMatchObject({ method: "POST", path: "/api/compare", status: 202 });

    // Neither the user's request headers nor the targets' response headers reach the logs.
    for (const value of ["s3cret-log-check", "k3y-log-check", "pl4in-log-check", "resp-v4lue"]) {
      expect(raw.filter((line) => line.includes(value))).toEqual([]);
    }
  });

  it("log a failed step run with its error class only, never its message", async () => {
    const warn = vi.spyOn(console, "warn");
    const body = loggedStep({ comparisonId: "c:1", pairKey: "p" }, "probe left", async () => {
      throw new TypeError("header x-token: Bearer s3cret is invalid");
    });
    await expect(body({ attempt: 2 })).rejects.toThrow(TypeError);
    const [line] = lines([warn]).parsed;
    expect(line).toMatchObject({
      level: "warn",
      event: "workflow.step",
      comparisonId: "c:1",
      pairKey: "p",
      step: "probe left",
      attempt: 2,
      outcome: "error",
      reason: "TypeError",
    });
    expect(JSON.stringify(line)).not.toContain("s3cret");
  });
});
