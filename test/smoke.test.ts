import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("smoke", () => {
  it("answers health and reaches an object", async () => {
    const res = await exports.default.fetch("http://x/api/health");
    expect(await res.json()).toEqual({ ok: true });
    const stub = env.ENV_PAIR.getByName("a".repeat(64));
    const state = await stub.createComparison({ leftUrl: "https://a.example/", rightUrl: "https://b.example/" });
    expect(state.status).toBe("running");
    await runInDurableObject(stub, (instance, ctx) => {
      console.log("name", ctx.id.name, Object.getOwnPropertyNames(ctx.storage.sql), typeof ctx.storage.sql.exec);
      const orig = ctx.storage.sql.exec;
      try {
        (ctx.storage.sql as any).exec = (...a: any[]) => orig.apply(ctx.storage.sql, a as any);
        console.log("patched ok");
      } catch (e) {
        console.log("patch failed", String(e));
      }
    });
    try {
      await stub.completeComparison("nope:x", {} as any);
    } catch (e: any) {
      console.log("err", e.name, e.message, e.code);
    }
  });
});
