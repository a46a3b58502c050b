/** The probe follows redirects itself: every hop recorded, at most five, each Location re-checked by the guard. */
import { describe, expect, it } from "vitest";
import { CREDENTIAL_HEADER_NAMES, randomHeaderNames, sentinelValues } from "../support/credential-headers";
import { base, local, probed, redirectTo, scriptedFetch } from "./helpers";

describe("probe redirects", () => {
  it("follows a chain of relative redirects and records every hop in order", async () => {
    const envelope = await probed(`${base}/redirect/3`, local());
    expect(envelope.redirects).toEqual([
      { url: `${base}/redirect/3`, status: 302, location: "/redirect/2" },
      { url: `${base}/redirect/2`, status: 302, location: "/redirect/1" },
      { url: `${base}/redirect/1`, status: 302, location: "/redirect/0" },
    ]);
    expect(envelope.url).toBe(`${base}/redirect/3`);
    expect(envelope.finalUrl).toBe(`${base}/redirect/0`);
    expect(envelope.status).toBe(200);
    expect(envelope.body?.json).toEqual({ redirected: true });
    expect(envelope.error).toBeNull();
  });

  it("follows absolute Location headers as well as relative ones", async () => {
    const envelope = await probed(`${base}/redirect/2?absolute=1`, local());
    expect(envelope.redirects.map((hop) => hop.location)).toEqual([
      `${base}/redirect/1?absolute=1`,
      `${base}/redirect/0?absolute=1`,
    ]);
    expect(envelope.finalUrl).toBe(`${base}/redirect/0?absolute=1`);
    expect(envelope.status).toBe(200);
  });

  it("resolves a Location relative to the URL that sent it", async () => {
    const envelope = await probed(`${base}/redirect-to?url=json&status=301`, local());
    expect(envelope.redirects).toEqual([
      { url: `${base}/redirect-to?url=json&status=301`, status: 301, location: "json" },
    ]);
    expect(envelope.finalUrl).toBe(`${base}/json`);
    expect(envelope.body?.kind).toBe("json");
  });

  it("follows five redirects and still reports the final answer", async () => {
    const envelope = await probed(`${base}/redirect/5`, local());
    expect(envelope.redirects).toHaveLength(5);
    expect(envelope.status).toBe(200);
    expect(envelope.error).toBeNull();
  });

  it("stops at the sixth redirect with too_many_redirects and reports that redirect as the response", async () => {
    const envelope = await probed(`${base}/redirect/6`, local());
    expect(envelope.redirects).toHaveLength(6);
    expect(envelope.redirects[5]).toEqual({ url: `${base}/redirect/1`, status: 302, location: "/redirect/0" });
    expect(envelope.ok).toBe(true);
    expect(envelope.status).toBe(302);
    expect(envelope.finalUrl).toBe(`${base}/redirect/1`);
    expect(envelope.body).toBeNull();
    expect(envelope.error).toEqual({
      code: "too_many_redirects",
      message: "The target redirected more than 5 times; stopped following.",
    });
  });

  it("says so when a target redirects to itself in a loop", async () => {
    const envelope = await probed(`${base}/redirect-loop`, local());
    expect(envelope.redirects).toHaveLength(6);
    expect(new Set(envelope.redirects.map((hop) => hop.url))).toEqual(new Set([`${base}/redirect-loop`]));
    expect(envelope.error).toEqual({
      code: "too_many_redirects",
      message: "The target redirects in a loop; stopped after 5 redirects.",
    });
  });

  it("refuses to follow a public URL that redirects to the cloud metadata address", async () => {
    const scripted = scriptedFetch({
      "https://public.example.com/start": redirectTo("http://169.254.169.254/latest/meta-data/"),
    });
    const envelope = await probed(
      "https://public.example.com/start",
      local({ allowPrivate: false, fetch: scripted.fetch }),
    );
    expect(scripted.calls.map((call) => call.url)).toEqual(["https://public.example.com/start"]);
    expect(envelope.redirects).toEqual([
      { url: "https://public.example.com/start", status: 302, location: "http://169.254.169.254/latest/meta-data/" },
    ]);
    expect(envelope.ok).toBe(true);
    expect(envelope.status).toBe(302);
    expect(envelope.finalUrl).toBe("https://public.example.com/start");
    expect(envelope.error).toEqual({
      code: "blocked_target",
      message:
        "Redirect to http://169.254.169.254/latest/meta-data/ refused. This target is not allowed: 169.254.169.254 is a link-local address (this includes cloud metadata endpoints). Only public addresses can be probed.",
    });
  });

  it("refuses a redirect to loopback spelled as a decimal number, after a public hop", async () => {
    const scripted = scriptedFetch({
      "https://a.example.com/": redirectTo("/next", 307),
      "https://a.example.com/next": redirectTo("http://2130706433:8080/admin", 308),
    });
    const envelope = await probed("https://a.example.com/", local({ allowPrivate: false, fetch: scripted.fetch }));
    expect(scripted.calls).toHaveLength(2);
    expect(envelope.redirects.map((hop) => hop.status)).toEqual([307, 308]);
    expect(envelope.error?.code).toBe("blocked_target");
    expect(envelope.error?.message).toContain("Redirect to http://127.0.0.1:8080/admin refused.");
  });

  it("refuses the local target server itself when private targets are not allowed, without sending anything", async () => {
    const scripted = scriptedFetch({});
    const envelope = await probed(`${base}/json`, local({ allowPrivate: false, fetch: scripted.fetch }));
    expect(scripted.calls).toEqual([]);
    expect(envelope).toMatchObject({ ok: false, status: null, body: null, redirects: [], finalUrl: `${base}/json` });
    expect(envelope.error).toEqual({
      code: "blocked_target",
      message: "This target is not allowed: 127.0.0.1 is a loopback address. Only public addresses can be probed.",
    });
  });

  it("keeps user headers on the same origin and drops them when a redirect leaves it", async () => {
    const scripted = scriptedFetch({
      "https://a.example.com/": redirectTo("/same"),
      "https://a.example.com/same": redirectTo("https://b.example.net/other"),
      "https://b.example.net/other": () => new Response("ok"),
    });
    const headers = { Authorization: "Bearer s3cret", "x-api-key": "k", "x-env": "staging" };
    const envelope = await probed(
      "https://a.example.com/",
      local({ allowPrivate: false, fetch: scripted.fetch, headers }),
    );
    expect(envelope.status).toBe(200);
    const seen = scripted.calls.map((call) => [
      call.headers.get("authorization"),
      call.headers.get("x-api-key"),
      call.headers.get("x-env"),
    ]);
    expect(seen).toEqual([
      ["Bearer s3cret", "k", "staging"],
      ["Bearer s3cret", "k", "staging"],
      [null, null, null],
    ]);
  });

  it("sends another origin none of the user's headers, whatever their names, but accept, accept-language and user-agent", async () => {
    const scripted = scriptedFetch({
      "https://staging.example.com/": redirectTo("https://elsewhere.example.net/"),
      "https://elsewhere.example.net/": () => new Response("ok"),
    });
    const names = [...CREDENTIAL_HEADER_NAMES, ...randomHeaderNames(10)];
    const secrets = sentinelValues(names, `redirect-${crypto.randomUUID()}`, "v");
    const harmless = { Accept: "application/json", "Accept-Language": "de", "User-Agent": "ci-check/1" };
    await probed(
      "https://staging.example.com/",
      local({ allowPrivate: false, fetch: scripted.fetch, headers: { ...secrets, ...harmless } }),
    );
    const [first, second] = scripted.calls.map((call) => Object.fromEntries(call.headers));
    // The first origin gets every header; the other one only the three harmless ones. Both get the
    // probe's own accept-encoding, which is no header of the user's.
    expect(Object.keys(first ?? {})).toHaveLength(names.length + 4);
    expect(second).toEqual({
      accept: "application/json",
      "accept-encoding": "gzip, br",
      "accept-language": "de",
      "user-agent": "ci-check/1",
    });
  });

  it("does not restore credentials when a chain that left the origin comes back to it", async () => {
    const scripted = scriptedFetch({
      "https://a.example.com/": redirectTo("https://b.example.net/bounce"),
      "https://b.example.net/bounce": redirectTo("https://a.example.com/back"),
      "https://a.example.com/back": () => new Response("ok"),
    });
    const headers = { authorization: "Bearer s3cret" };
    await probed("https://a.example.com/", local({ allowPrivate: false, fetch: scripted.fetch, headers }));
    expect(scripted.calls.map((call) => call.headers.get("authorization"))).toEqual(["Bearer s3cret", null, null]);
  });

  it("stops with invalid_response when a Location cannot be parsed as a URL", async () => {
    const scripted = scriptedFetch({ "https://a.example.com/": redirectTo("http://[::1") });
    const envelope = await probed("https://a.example.com/", local({ allowPrivate: false, fetch: scripted.fetch }));
    expect(envelope.error).toEqual({
      code: "invalid_response",
      message: 'The redirect Location "http://[::1" is not a valid URL.',
    });
    expect(envelope.status).toBe(302);
  });

  it("treats a 3xx without a Location as the final response", async () => {
    const envelope = await probed(`${base}/status/304`, local());
    expect(envelope.redirects).toEqual([]);
    expect(envelope.status).toBe(304);
    expect(envelope.error).toBeNull();
  });
});
