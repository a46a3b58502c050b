/** The staging and production demo variants served by the local targets differ exactly as documented. */
import { describe, expect, it } from "vitest";
import { base, local, probed } from "./helpers";

describe("demo variants", () => {
  it("differ in the x-app-version header and the newCheckout flag on /api/status", async () => {
    const staging = await probed(`${base}/variant/staging/api/status`, local(), "left");
    const production = await probed(`${base}/variant/production/api/status`, local(), "right");
    expect([staging.headers["x-app-version"], production.headers["x-app-version"]]).toEqual(["2.1.0", "2.0.3"]);
    expect(staging.body?.json).toEqual({
      service: "shop",
      features: { newCheckout: true, search: true },
      regions: ["eu", "us"],
    });
    expect(production.body?.json).toEqual({
      service: "shop",
      features: { newCheckout: false, search: true },
      regions: ["eu", "us"],
    });
  });

  it("differ in status on /api/health: 503 on staging, 200 on production", async () => {
    const staging = await probed(`${base}/variant/staging/api/health`, local());
    const production = await probed(`${base}/variant/production/api/health`, local());
    expect([staging.status, production.status]).toEqual([503, 200]);
    expect(staging.body?.sha256).toBe(production.body?.sha256);
  });

  it("answer /api/same with identical bodies and different volatile headers", async () => {
    const staging = await probed(`${base}/variant/staging/api/same`, local());
    const production = await probed(`${base}/variant/production/api/same`, local());
    expect(staging.body?.sha256).toBe(production.body?.sha256);
    expect(staging.headers["x-request-id"]).not.toBe(production.headers["x-request-id"]);
    expect(staging.headers["strict-transport-security"]).toBe(production.headers["strict-transport-security"]);
  });
});
