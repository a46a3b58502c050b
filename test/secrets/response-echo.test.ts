/**
 * Response headers are the data being compared, so envdiff keeps them, but not a credential the
 * probe itself sent: a target that echoes a request header back in a response header (a debug
 * header, a misconfigured proxy) must not make envdiff store the user's secret after all.
 */
import { describe, expect, it } from "vitest";
import { api, compareAndWait, targets } from "../support/api";
import { dumpPairObject } from "../support/dumps";

describe("a response header that echoes a credential", () => {
  it("is stored as [redacted], on both sides, while the target's other headers keep their values", async () => {
    const secret = `echo-${crypto.randomUUID()}`;
    const echo = (side: string) => `${targets()}/echo-header?name=x-upstream&side=${side}&n=${crypto.randomUUID()}`;
    const state = await compareAndWait(echo("staging"), echo("production"), {
      headers: { "X-Upstream": secret },
      samples: 1,
    });
    expect(state.status).toBe("completed");
    expect(state.probes.left?.headers).toMatchObject({
      "x-debug-echo": "[redacted]",
      "content-type": "application/json",
    });
    expect(state.probes.right?.headers).toMatchObject({ "x-debug-echo": "[redacted]" });
    expect(await dumpPairObject(state.pairKey)).not.toContain(secret);
    expect(await (await api(`/api/compare/${state.comparisonId}`)).text()).not.toContain(secret);
  });
});
