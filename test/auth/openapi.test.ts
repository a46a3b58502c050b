/** The OpenAPI document tells clients how to sign in, for every route the router has. */
import { describe, expect, it } from "vitest";
import { app, PUBLIC_ROUTES } from "../../src/index";
import { api } from "../support/api";

type Operation = { security?: unknown[]; responses: Record<string, unknown> };
type Doc = {
  components: { securitySchemes: Record<string, { type: string; scheme?: string; name?: string }> };
  paths: Record<string, Record<string, Operation>>;
};

const doc = async () => (await api("/api/openapi.json")).json<Doc>();
const toOpenApi = (path: string) => path.replace(/:(\w+)/g, "{$1}");

describe("OpenAPI sign-in", () => {
  it("declares the bearer token and the Access header as security schemes", async () => {
    const { components } = await doc();
    expect(components.securitySchemes.apiToken).toMatchObject({ type: "http", scheme: "bearer" });
    expect(components.securitySchemes.cloudflareAccess).toMatchObject({
      type: "apiKey",
      name: "Cf-Access-Jwt-Assertion",
    });
  });

  it("documents every protected route of the router with its security and the 401/403 answers", async () => {
    const { paths } = await doc();
    const routes = new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`));
    for (const route of routes) {
      const [method = "", path = ""] = route.split(" ");
      const operation = paths[toOpenApi(path)]?.[method.toLowerCase()];
      expect(operation, `${route} is missing from the OpenAPI document`).toBeDefined();
      if ((PUBLIC_ROUTES as readonly string[]).includes(route)) {
        expect(operation?.security, route).toEqual([]);
      } else {
        const schemes = (operation?.security ?? []).flatMap((s) => Object.keys(s as object));
        expect(schemes, route).toEqual(["apiToken", "cloudflareAccess"]);
        expect(Object.keys(operation?.responses ?? {}), route).toEqual(expect.arrayContaining(["401", "403"]));
      }
    }
  });
});
