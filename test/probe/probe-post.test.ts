/**
 * A POST probe against the local targets: the body goes out with its content type, and a redirect
 * does with it what the Fetch standard does (303, and 301/302 after a POST, become a GET without a
 * body), except that a 307/308 re-sends the body only to the origin it was meant for.
 */
import { describe, expect, it } from "vitest";
import { nextRequest } from "../../src/probe/probe";
import { sentBody } from "../../src/request-body";
import { base, local, probed } from "./helpers";

interface Posted {
  method: string;
  contentType: string | null;
  body: string;
}

async function arrived(key: string): Promise<Posted[]> {
  return (await fetch(`${base}/posted/${key}/requests`)).json();
}

/** The same targets under another origin: `localhost` instead of `127.0.0.1`. */
const otherOrigin = base.replace("127.0.0.1", "localhost");

const query = sentBody({ json: { query: "{ shop { name } }", variables: { first: 2 } } });

describe("a POST probe", () => {
  it("sends a JSON body as application/json, byte for byte as JSON.stringify writes it", async () => {
    const key = crypto.randomUUID();
    const envelope = await probed(`${base}/posted/${key}`, local({ method: "POST", body: query }));
    expect(envelope.method).toBe("POST");
    expect(envelope.status).toBe(200);
    expect(await arrived(key)).toEqual([
      {
        method: "POST",
        contentType: "application/json",
        body: '{"query":"{ shop { name } }","variables":{"first":2}}',
      },
    ]);
  });

  it("sends a text body with its own content type, over a content-type among the user's headers", async () => {
    const key = crypto.randomUUID();
    const body = sentBody({ text: "q=mug&page=1", contentType: "application/x-www-form-urlencoded" });
    await probed(
      `${base}/posted/${key}`,
      local({ method: "POST", body, headers: { "content-type": "text/csv", accept: "application/json" } }),
    );
    expect(await arrived(key)).toEqual([
      { method: "POST", contentType: "application/x-www-form-urlencoded", body: "q=mug&page=1" },
    ]);
  });

  it("sends a text body without a content type as UTF-8 plain text", async () => {
    const key = crypto.randomUUID();
    await probed(`${base}/posted/${key}`, local({ method: "POST", body: sentBody({ text: "héllo" }) }));
    expect(await arrived(key)).toEqual([{ method: "POST", contentType: "text/plain; charset=utf-8", body: "héllo" }]);
  });

  it("sends no body with GET, even when one is given", async () => {
    const key = crypto.randomUUID();
    await probed(`${base}/posted/${key}`, local({ method: "GET", body: query }));
    expect(await arrived(key)).toEqual([{ method: "GET", contentType: null, body: "" }]);
  });
});

describe("a POST that is redirected", () => {
  for (const status of [301, 302, 303]) {
    it(`turns into a GET without its body or content type after a ${status}`, async () => {
      const key = crypto.randomUUID();
      const envelope = await probed(
        `${base}/redirect-to?status=${status}&url=${encodeURIComponent(`/posted/${key}`)}`,
        local({ method: "POST", body: query }),
      );
      expect(envelope.status).toBe(200);
      expect(envelope.redirects.map((hop) => hop.status)).toEqual([status]);
      expect(await arrived(key)).toEqual([{ method: "GET", contentType: null, body: "" }]);
    });
  }

  for (const status of [307, 308]) {
    it(`re-sends the body with its content type after a ${status} to the same origin`, async () => {
      const key = crypto.randomUUID();
      const envelope = await probed(
        `${base}/redirect-to?status=${status}&url=${encodeURIComponent(`/posted/${key}`)}`,
        local({ method: "POST", body: query }),
      );
      expect(envelope.status).toBe(200);
      expect(envelope.finalUrl).toBe(`${base}/posted/${key}`);
      expect(await arrived(key)).toEqual([{ method: "POST", contentType: "application/json", body: query.content }]);
    });

    it(`does not follow a ${status} to another origin, and says the body would have gone there`, async () => {
      const key = crypto.randomUUID();
      const envelope = await probed(
        `${base}/redirect-to?status=${status}&url=${encodeURIComponent(`${otherOrigin}/posted/${key}`)}`,
        local({ method: "POST", body: query }),
      );
      expect(envelope.error?.code).toBe("blocked_target");
      expect(envelope.error?.message).toMatch(/would send the request body there; not followed/);
      expect(envelope.status).toBe(status);
      expect(await arrived(key)).toEqual([]);
    });
  }

  it("follows a 303 to another origin as a GET: nothing of the body goes there", async () => {
    const key = crypto.randomUUID();
    const envelope = await probed(
      `${base}/redirect-to?status=303&url=${encodeURIComponent(`${otherOrigin}/posted/${key}`)}`,
      local({ method: "POST", body: query }),
    );
    expect(envelope.status).toBe(200);
    expect(await arrived(key)).toEqual([{ method: "GET", contentType: null, body: "" }]);
  });
});

describe("nextRequest", () => {
  it("keeps a HEAD a HEAD after any redirect, a GET a GET, and a POST with its body after a 308", () => {
    expect(nextRequest(303, "HEAD", null)).toEqual({ method: "HEAD", body: null });
    expect(nextRequest(302, "HEAD", null)).toEqual({ method: "HEAD", body: null });
    expect(nextRequest(301, "GET", null)).toEqual({ method: "GET", body: null });
    expect(nextRequest(308, "POST", query)).toEqual({ method: "POST", body: query });
  });
});
