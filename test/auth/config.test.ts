/** AUTH_MODE and ACCESS_* read into what the Worker can do; anything that cannot work is a problem, never open. */
import { describe, expect, it } from "vitest";
import { parseAuthConfig } from "../../src/auth/config";

const ACCESS = { ACCESS_TEAM_DOMAIN: "team.cloudflareaccess.com", ACCESS_AUD: "aud123" };

describe("parseAuthConfig", () => {
  it.each([
    [{ AUTH_MODE: "none" }, { ok: true, none: true }],
    [{ AUTH_MODE: " token " }, { ok: true, none: false, token: true, access: null }],
    [
      { AUTH_MODE: "access", ...ACCESS },
      { ok: true, none: false, token: false },
    ],
    [
      { AUTH_MODE: "ACCESS,token", ...ACCESS, ACCESS_TEAM_DOMAIN: "https://Team.cloudflareaccess.com/" },
      { ok: true, token: true },
    ],
  ])("%j works", (vars, expected) => {
    expect(parseAuthConfig(vars)).toMatchObject(expected);
  });

  it.each([
    [{}, "AUTH_MODE is not set"],
    [{ AUTH_MODE: "" }, "AUTH_MODE is not set"],
    [{ AUTH_MODE: "open" }, "unknown modes (open)"],
    [{ AUTH_MODE: "none,token" }, "cannot be combined"],
    [{ AUTH_MODE: "access" }, "ACCESS_TEAM_DOMAIN"],
    [{ AUTH_MODE: "access,token", ACCESS_TEAM_DOMAIN: "team.cloudflareaccess.com" }, "ACCESS_AUD"],
    [{ AUTH_MODE: "access", ACCESS_AUD: "x", ACCESS_TEAM_DOMAIN: "team.example.com/path" }, "ACCESS_TEAM_DOMAIN"],
  ])("%j fails closed, saying %s", (vars, problem) => {
    const config = parseAuthConfig(vars);
    expect(config.ok).toBe(false);
    if (!config.ok) expect(config.problem).toContain(problem);
  });

  it("keeps admin emails lowercase for a case-insensitive match", () => {
    const config = parseAuthConfig({ AUTH_MODE: "access", ...ACCESS, ACCESS_ADMIN_EMAILS: "A@x.com, b@Y.com" });
    expect(config.ok && !config.none && [...(config.access?.adminEmails ?? [])]).toEqual(["a@x.com", "b@y.com"]);
  });
});
