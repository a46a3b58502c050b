/**
 * Which IP addresses envdiff may probe: public unicast only. Classification comes from
 * ipaddr.js (`range()`), never from hand-written range tables; this module only decides
 * which of its range names are acceptable and looks inside IPv6 forms that embed an IPv4.
 */
import ipaddr from "ipaddr.js";

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Human words for every range name ipaddr.js knows (IPv4 and IPv6), used in refusal reasons: a
 * reader must never see a library name such as "orchid2". test/probe/url-guard.test.ts checks that
 * every name the library defines has words here.
 */
export const RANGE_WORDS: Record<string, string> = {
  unspecified: "an unspecified address",
  broadcast: "the broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address (this includes cloud metadata endpoints)",
  loopback: "a loopback address",
  carrierGradeNat: "a carrier-grade NAT (shared) address",
  private: "a private network address",
  reserved: "a reserved, documentation or benchmarking address",
  benchmarking: "a benchmarking address",
  as112: "an AS112 sink address",
  as112v6: "an AS112 sink address",
  amt: "an AMT relay address",
  uniqueLocal: "a unique-local (private) IPv6 address",
  deprecatedSiteLocal: "a site-local (private) IPv6 address",
  discard: "a discard-only IPv6 address",
  teredo: "a Teredo tunnel address",
  ipv4Compatible: "a deprecated IPv4-compatible IPv6 address",
  ipv4Mapped: "an IPv4-mapped IPv6 address",
  rfc6145: "an IPv4-translated (SIIT) IPv6 address",
  rfc6052: "a NAT64 address",
  "6to4": "a 6to4 tunnel address",
  deprecatedOrchid: "a deprecated ORCHID (overlay identifier) address",
  orchid2: "an ORCHIDv2 (overlay identifier) address, which is not routable",
  droneRemoteIdProtocolEntityTags: "a drone remote ID (DET) identifier, which is not routable",
  segmentRouting: "a segment routing (SRv6) address",
  nat64LocalUse: "a NAT64 local-use address (64:ff9b:1::/48), which is not globally reachable",
};

/** RFC 8215's local-use NAT64 prefix: operators map it as they like, so nothing inside it is public. */
const NAT64_LOCAL_USE = ipaddr.IPv6.parse("64:ff9b:1::");

/** IPv6 ranges whose last 32 bits (or, for 6to4, bits 16–47) are an IPv4 address. */
function embeddedIPv4(address: ipaddr.IPv6, range: string): ipaddr.IPv4 | null {
  const p = address.parts;
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  switch (range) {
    case "ipv4Mapped": // ::ffff:a.b.c.d
    case "rfc6145": // ::ffff:0:a.b.c.d (SIIT)
    case "rfc6052": // 64:ff9b::a.b.c.d (NAT64; the local-use /48 is refused before this)
      return v4(p[6] ?? 0, p[7] ?? 0);
    case "6to4": // 2002:aabb:ccdd::
      return v4(p[1] ?? 0, p[2] ?? 0);
    default:
      return null;
  }
}

/** `::a.b.c.d` (all of the first 96 bits zero), except `::` and `::1` which ipaddr.js names itself. */
function isIPv4Compatible(address: ipaddr.IPv6): boolean {
  return address.parts.slice(0, 6).every((part) => part === 0);
}

/** Why `address` must not be probed, or null when it is public unicast. */
export function refuseAddress(address: Address): string | null {
  const shown = address.kind() === "ipv6" ? `[${address.toString()}]` : address.toString();
  const range: string = address.range();
  if (address.kind() === "ipv6") {
    const v6 = address as ipaddr.IPv6;
    if (v6.match(NAT64_LOCAL_USE, 48)) return `${shown} is ${RANGE_WORDS.nat64LocalUse}`;
    const inner = embeddedIPv4(v6, range);
    if (inner) {
      const refusal = refuseAddress(inner);
      return refusal ? `${shown} embeds ${inner.toString()}: ${refusal}` : null;
    }
    if (range === "unicast" && isIPv4Compatible(v6)) return `${shown} is ${RANGE_WORDS.ipv4Compatible}`;
  }
  if (range === "unicast") return null;
  return `${shown} is ${RANGE_WORDS[range] ?? "a special-purpose address that is not publicly routable"}`;
}

/** Parses an IP literal as it appears in a WHATWG-parsed hostname (`[::1]`, `127.0.0.1`), or null. */
export function parseHostAddress(hostname: string): Address | null {
  if (hostname.startsWith("[") && hostname.endsWith("]")) {
    const inner = hostname.slice(1, -1);
    return ipaddr.IPv6.isValid(inner) ? ipaddr.IPv6.parse(inner) : null;
  }
  // The URL parser has already turned every numeric spelling (2130706433, 0x7f000001, 0177.0.0.1,
  // 127.1) into a dotted quad, so only the four-part decimal form can reach this point.
  return ipaddr.IPv4.isValidFourPartDecimal(hostname) ? ipaddr.IPv4.parse(hostname) : null;
}
