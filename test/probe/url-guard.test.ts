/** The SSRF guard against a corpus of hostile spellings, legitimate public URLs and the allowPrivate switch. */

import ipaddr from "ipaddr.js";
import { describe, expect, it } from "vitest";
import { RANGE_WORDS } from "../../src/probe/address-policy";
import { checkTarget } from "../../src/probe/url-guard";
import { MAX_URL_LENGTH } from "../../src/shapes/options";

const strict = { allowPrivate: false };
const relaxed = { allowPrivate: true };

/** [url, a fragment the refusal reason must contain] */
const HOSTILE: [string, string][] = [
  // Loopback in every spelling the URL parser accepts.
  ["http://127.0.0.1/", "127.0.0.1 is a loopback address"],
  ["http://127.0.0.1./", "127.0.0.1 is a loopback address"],
  ["http://127.255.255.254:8080/x", "127.255.255.254 is a loopback address"],
  ["http://2130706433/", "127.0.0.1 is a loopback address"],
  ["http://0x7f000001/", "127.0.0.1 is a loopback address"],
  ["http://0X7F.0.0.1/", "127.0.0.1 is a loopback address"],
  ["http://0177.0.0.1/", "127.0.0.1 is a loopback address"],
  ["http://0177.00.00.01/", "127.0.0.1 is a loopback address"],
  ["http://127.1/", "127.0.0.1 is a loopback address"],
  ["http://127.0.1/", "127.0.0.1 is a loopback address"],
  ["http://0x7f.1/", "127.0.0.1 is a loopback address"],
  ["http://017700000001/", "127.0.0.1 is a loopback address"],
  ["http://１２７.０.０.１/", "127.0.0.1 is a loopback address"],
  ["http://127%2E0%2E0%2E1/", "127.0.0.1 is a loopback address"],
  ["http://[::1]/", "[::1] is a loopback address"],
  ["http://[0:0:0:0:0:0:0:1]:8787/", "[::1] is a loopback address"],
  ["http://[::ffff:127.0.0.1]/", "embeds 127.0.0.1: 127.0.0.1 is a loopback address"],
  ["http://[::ffff:7f00:1]/", "embeds 127.0.0.1: 127.0.0.1 is a loopback address"],
  ["http://[::127.0.0.1]/", "deprecated IPv4-compatible"],
  ["http://[64:ff9b::127.0.0.1]/", "embeds 127.0.0.1"],
  ["http://[2002:7f00:1::]/", "embeds 127.0.0.1"],
  // Unspecified, broadcast, multicast.
  ["http://0.0.0.0/", "0.0.0.0 is an unspecified address"],
  ["http://0/", "0.0.0.0 is an unspecified address"],
  ["http://[::]/", "[::] is an unspecified address"],
  ["http://255.255.255.255/", "255.255.255.255 is the broadcast address"],
  ["http://224.0.0.1/", "224.0.0.1 is a multicast address"],
  ["http://[ff02::1]/", "[ff02::1] is a multicast address"],
  // Cloud metadata and link-local.
  ["http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"],
  ["http://0xa9fea9fe/", "169.254.169.254 is a link-local address"],
  ["http://2852039166/", "169.254.169.254 is a link-local address"],
  ["http://[0:0:0:0:0:ffff:169.254.169.254]/", "embeds 169.254.169.254"],
  ["http://[fe80::1]/", "[fe80::1] is a link-local address"],
  ["http://metadata.google.internal/computeMetadata/v1/", "internal name (.internal)"],
  ["http://metadata.google.internal./", "internal name (.internal)"],
  // Private networks, CGNAT, benchmarking, documentation, reserved.
  ["http://10.0.0.1/", "10.0.0.1 is a private network address"],
  ["http://10.255.255.255/", "10.255.255.255 is a private network address"],
  ["http://172.16.0.1/", "172.16.0.1 is a private network address"],
  ["http://172.31.255.1/", "172.31.255.1 is a private network address"],
  ["http://192.168.1.1/", "192.168.1.1 is a private network address"],
  ["http://0xc0a80101/", "192.168.1.1 is a private network address"],
  ["http://[::ffff:10.0.0.1]/", "embeds 10.0.0.1: 10.0.0.1 is a private network address"],
  ["http://[::ffff:0:10.0.0.1]/", "embeds 10.0.0.1"],
  ["http://100.64.0.1/", "100.64.0.1 is a carrier-grade NAT (shared) address"],
  ["http://198.18.0.1/", "198.18.0.1 is a reserved, documentation or benchmarking address"],
  ["http://192.0.2.10/", "192.0.2.10 is a reserved"],
  ["http://240.0.0.1/", "240.0.0.1 is a reserved"],
  ["http://[fd00::1]/", "[fd00::1] is a unique-local (private) IPv6 address"],
  ["http://[fc12:3456::1]/", "unique-local"],
  ["http://[fec0::1]/", "site-local"],
  ["http://[2001:db8::1]/", "reserved"],
  // Internal names.
  ["http://localhost/", "internal name (.localhost)"],
  ["http://localhost./", "internal name (.localhost)"],
  ["http://LOCALHOST:8787/", "internal name (.localhost)"],
  ["http://foo.localhost/", "internal name (.localhost)"],
  ["http://foo.localhost./", "internal name (.localhost)"],
  ["http://ⓛocalhost/", "internal name (.localhost)"],
  ["http://localhost%2E/", "internal name (.localhost)"],
  ["http://printer.local/", "internal name (.local)"],
  ["http://db.localdomain/", "internal name (.localdomain)"],
  ["http://router.home.arpa/", "internal name (.home.arpa)"],
  ["http://api.internal/", "internal name (.internal)"],
  ["http://app.localtest.me/", "internal name (.localtest.me)"],
  // Single labels: completed by a local resolver's search domains, so always an internal machine.
  ["http://metadata/computeMetadata/v1/", "the host name metadata is a single label"],
  ["http://printer/", "the host name printer is a single label"],
  ["http://printer./", "single label"],
  ["http://xn--nxasmq6b/", "single label"],
  // NAT64 local-use (RFC 8215): the whole /48, whatever IPv4 a /96 reading would find in it.
  ["http://[64:ff9b:1:7f00:0:100:808:808]/", "a NAT64 local-use address (64:ff9b:1::/48)"],
  ["http://[64:ff9b:1::8.8.8.8]/", "NAT64 local-use"],
  ["http://[64:ff9b:1:ffff:ffff:ffff:ffff:ffff]/", "NAT64 local-use"],
  // IPv6 special-purpose ranges are named in words.
  ["http://[2001:20::1]/", "ORCHIDv2"],
  ["http://[2001:10::1]/", "ORCHID"],
  ["http://[2001:30::1]/", "drone remote ID"],
  ["http://[5f00::1]/", "segment routing"],
  ["http://[2001:3::1]/", "AMT relay"],
  ["http://[2001:2::1]/", "benchmarking"],
  ["http://[2001::1]/", "Teredo"],
  ["http://[3fff::1]/", "reserved"],
  ["http://[100::1]/", "discard-only"],
  ["http://10.0.0.1.nip.io/", "resolves to the address it spells, and 10.0.0.1 is a private network address"],
  ["http://169-254-169-254.sslip.io/", "169.254.169.254 is a link-local address"],
  // Scheme, credentials, shape, length.
  ["https://user:pass@example.com/", "credentials"],
  ["https://user@example.com/", "credentials"],
  ["https://:secret@example.com/", "credentials"],
  ["ftp://example.com/file", "Only http and https URLs can be probed, not ftp: URLs."],
  ["file:///etc/passwd", "not file: URLs"],
  ["javascript:alert(1)", "not javascript: URLs"],
  ["data:text/plain,hello", "not data: URLs"],
  ["gopher://127.0.0.1:6379/_INFO", "not gopher: URLs"],
  ["ws://example.com/", "not ws: URLs"],
  ["/relative/path", "not a valid absolute URL"],
  ["example.com", "not a valid absolute URL"],
  ["http://", "not a valid absolute URL"],
  ["http://[::1/", "not a valid absolute URL"],
  ["http://[fe80::1%25eth0]/", "not a valid absolute URL"],
  [`https://example.com/${"a".repeat(MAX_URL_LENGTH)}`, "the limit is 2048"],
  [`https://example.com/${"é".repeat(1000)}`, "once encoded; the limit is 2048"],
];

const PUBLIC = [
  "https://example.com/",
  "https://www.example.com/health?full=1",
  "http://example.org:8080/api/v1/items",
  "https://api.github.com/repos",
  "https://staging.envdiff.dev/",
  "https://xn--bcher-kva.example/",
  "https://bücher.example/",
  "http://8.8.8.8/",
  "http://1.1.1.1:8443/dns-query",
  "https://[2606:4700:4700::1111]/",
  "http://[::ffff:8.8.8.8]/",
  "https://93.184.215.14/",
  "https://cloudflare.com./",
  "https://localhost.example.com/",
  "https://internal-tools.example.com/",
  "https://8.8.8.8.nip.io/",
];

/** ipaddr.js's table of range names, which its type definitions do not declare. */
const specialRanges = (prototype: object) => (prototype as { SpecialRanges: Record<string, unknown> }).SpecialRanges;

describe("url guard", () => {
  it.each(HOSTILE)("refuses %s", (url, fragment) => {
    const result = checkTarget(url, strict);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(fragment);
  });

  it.each(PUBLIC)("lets the public URL %s through", (url) => {
    const result = checkTarget(url, strict);
    expect(result).toEqual({ ok: true, url: new URL(url) });
  });

  it("has words for every range ipaddr.js can name, so no refusal shows a library name", () => {
    const names = [
      ...Object.keys(specialRanges(ipaddr.IPv4.prototype)),
      ...Object.keys(specialRanges(ipaddr.IPv6.prototype)),
    ];
    expect(names.filter((name) => !(name in RANGE_WORDS))).toEqual([]);
    // Plain words ("loopback", "private") are fine; identifiers such as orchid2 or linkLocal are not.
    const identifiers = names.filter((name) => /[A-Z0-9]/.test(name) && name !== "6to4");
    for (const [url] of HOSTILE) {
      const result = checkTarget(url, strict);
      if (!result.ok) expect(result.reason).not.toMatch(new RegExp(`\\b(${identifiers.join("|")})\\b`));
    }
  });

  it("lets the public NAT64 prefix through when the address it embeds is public", () => {
    expect(checkTarget("http://[64:ff9b::8.8.8.8]/", strict).ok).toBe(true);
  });

  it("explains a refusal in a full sentence a user can act on", () => {
    expect(checkTarget("http://169.254.169.254/latest/", strict)).toEqual({
      ok: false,
      reason:
        "This target is not allowed: 169.254.169.254 is a link-local address (this includes cloud metadata endpoints). Only public addresses can be probed.",
    });
  });

  it("accepts a URL of exactly 2048 characters and refuses one of 2049", () => {
    const base = "https://example.com/";
    expect(checkTarget(base + "a".repeat(MAX_URL_LENGTH - base.length), strict).ok).toBe(true);
    expect(checkTarget(base + "a".repeat(MAX_URL_LENGTH - base.length + 1), strict).ok).toBe(false);
  });

  it("lets loopback, private and internal targets through when private targets are allowed", () => {
    for (const url of [
      "http://127.0.0.1:8787/",
      "http://localhost/",
      "http://10.0.0.1/",
      "http://[::1]/",
      "http://169.254.169.254/",
      "http://metadata.google.internal/",
    ]) {
      expect(checkTarget(url, relaxed)).toEqual({ ok: true, url: new URL(url) });
    }
  });

  it("still refuses other schemes, credentials and overlong URLs when private targets are allowed", () => {
    for (const url of [
      "ftp://127.0.0.1/",
      "file:///etc/passwd",
      "http://user:pass@127.0.0.1/",
      `http://127.0.0.1/${"a".repeat(MAX_URL_LENGTH)}`,
      "not a url",
    ]) {
      expect(checkTarget(url, relaxed).ok).toBe(false);
    }
  });

  it("accepts a URL object as well as a string", () => {
    expect(checkTarget(new URL("https://example.com/a"), strict)).toEqual({
      ok: true,
      url: new URL("https://example.com/a"),
    });
  });
});
