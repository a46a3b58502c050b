import { describe, expect, it } from "vitest";
import { diffEnvelopes } from "../../src/diff";
import { binaryBody, difference, jsonBody, left, right, textBody } from "../support/envelopes";

describe("bodies by kind", () => {
  it("reports different binary bodies by hash, plus their sizes when those differ", () => {
    const l = binaryBody("png-a", 2048);
    const r = binaryBody("png-b", 4096);
    expect(diffEnvelopes(left({ body: l }), right({ body: r })).differences).toEqual([
      difference("body", "/body/sha256", "changed", "medium", l.sha256, r.sha256),
      difference("body", "/body/bytes", "changed", "info", 2048, 4096),
    ]);
  });

  it("reports only the hash when binary bodies have the same size", () => {
    const l = binaryBody("png-a", 10);
    const r = binaryBody("png-b", 10);
    expect(diffEnvelopes(left({ body: l }), right({ body: r })).differences).toEqual([
      difference("body", "/body/sha256", "changed", "medium", l.sha256, r.sha256),
    ]);
  });

  it("treats equal binary bodies as identical", () => {
    expect(diffEnvelopes(left({ body: binaryBody("same") }), right({ body: binaryBody("same") })).identical).toBe(true);
  });

  it("reports JSON on one side and an HTML error page on the other as one body kind change", () => {
    const result = diffEnvelopes(left({ body: jsonBody({ ok: true }) }), right({ body: textBody("<h1>Error</h1>") }));
    expect(result.differences).toEqual([difference("body", "/body/kind", "changed", "medium", "json", "text")]);
  });

  it("reports a body that only the right side returns as added, and a missing body as empty", () => {
    const empty = { contentType: null, bytes: 0, truncated: false, sha256: "e3b0", kind: "empty" } as const;
    expect(diffEnvelopes(left({ body: empty }), right({ body: jsonBody([]) })).differences).toEqual([
      difference("body", "/body/kind", "added", "medium", "empty", "json"),
    ]);
    expect(diffEnvelopes(left({ body: textBody("hi") }), right({ body: null })).differences).toEqual([
      difference("body", "/body/kind", "removed", "medium", "text", "empty"),
    ]);
    expect(diffEnvelopes(left({ body: null }), right({ body: empty })).identical).toBe(true);
  });

  it("falls back to comparing text when a JSON body was too large to keep parsed", () => {
    const l = jsonBody({ v: 1 }, { json: undefined, truncated: true, bytes: 1_048_576 });
    const r = jsonBody({ v: 2 }, { json: undefined, truncated: true, bytes: 1_048_576 });
    const differences = diffEnvelopes(left({ body: l }), right({ body: r })).differences;
    expect(differences).toEqual([
      difference(
        "body",
        differences[0]?.path ?? "",
        "changed",
        "medium",
        '-1| {"v":1}\n(body truncated at 1048576 bytes; only that part was compared)',
        '+1| {"v":2}\n(body truncated at 1048576 bytes; only that part was compared)',
      ),
    ]);
    expect(differences[0]?.path).toMatch(/^\/body\/text\/@/);
  });

  it("falls back to the hash when neither parsed JSON nor text was kept", () => {
    const l = jsonBody({ v: 1 }, { json: undefined, text: undefined });
    const r = jsonBody({ v: 2 }, { json: undefined, text: undefined });
    expect(diffEnvelopes(left({ body: l }), right({ body: r })).differences).toEqual([
      difference("body", "/body/sha256", "changed", "medium", l.sha256, r.sha256),
    ]);
  });
});
