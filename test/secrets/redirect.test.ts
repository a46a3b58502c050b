/**
 * A redirect to another origin (issue 21, finding 2): a comparison whose target sends it elsewhere
 * must not hand the other origin any of the user's headers, whatever they are called. The target
 * server is reached as 127.0.0.1 and redirects to itself as `localhost`: one server, two origins.
 */
import { describe, expect, it } from "vitest";
import { compareAndWait, targets } from "../support/api";
import { CREDENTIAL_HEADER_NAMES, randomHeaderNames, sentinelValues } from "../support/credential-headers";

type Seen = Record<string, string>;

async function seen(key: string): Promise<Seen[]> {
  return (await fetch(`${targets()}/recorded/${key}/requests`)).json<Seen[]>();
}

describe("a redirect to another origin", () => {
  it("delivers none of the user's headers there, only accept, accept-language and user-agent", async () => {
    const sentinel = `redirect-${crypto.randomUUID()}`;
    const names = [...CREDENTIAL_HEADER_NAMES, ...randomHeaderNames(10)];
    // At most 20 headers per map: each comparison sends 18 shared ones (and two harmless) and 20 of the left side's.
    for (let start = 0; start < names.length; start += 38) {
      const key = crypto.randomUUID();
      const elsewhere = `${targets().replace("127.0.0.1", "localhost")}/recorded/${key}`;
      const shared = names.slice(start, start + 18);
      const left = names.slice(start + 18, start + 38);
      const state = await compareAndWait(
        `${targets()}/redirect-to?url=${encodeURIComponent(elsewhere)}`,
        `${targets()}/recorded/${key}-right`,
        {
          headers: {
            ...sentinelValues(shared, sentinel, "shared"),
            Accept: "application/json",
            "Accept-Language": "fr",
          },
          left: { headers: sentinelValues(left, sentinel, "left") },
          samples: 1,
        },
      );
      expect(state.status).toBe("completed");
      expect(state.probes.left?.finalUrl).toBe(elsewhere);

      const [arrived] = await seen(key);
      expect(JSON.stringify(arrived)).not.toContain(sentinel);
      expect(arrived).toMatchObject({ accept: "application/json", "accept-language": "fr" });
      expect(arrived?.["user-agent"]).toMatch(/^envdiff-probe\//);
      // The side that was not redirected got every shared header: they were sent, and stopped at the redirect.
      const [direct] = await seen(`${key}-right`);
      expect(Object.values(direct ?? {}).filter((v) => v.startsWith(sentinel))).toHaveLength(shared.length);
    }
  });
});
