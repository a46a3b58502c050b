/**
 * SSRF guard: decides whether envdiff may send a request to a URL. Pure (no I/O), used by the
 * API before accepting a comparison and by the probe on the first URL and on every redirect hop.
 *
 * Workers cannot resolve DNS before connecting, so the guard judges the URL as written: scheme,
 * credentials, length, IP literals (every spelling the URL parser accepts) and host names that
 * only ever mean an internal machine (internal suffixes, single labels). A public name that resolves to a private address is not
 * caught here; what limits the damage is that the probe re-checks every redirect and that
 * deployed Workers cannot open connections into private networks.
 */
import { MAX_URL_LENGTH } from "../shapes/options";
import { parseHostAddress, refuseAddress } from "./address-policy";

export interface GuardOptions {
  /** Lets loopback, private and internal targets through (ALLOW_PRIVATE_TARGETS="true"): development and tests only. */
  allowPrivate: boolean;
}

export type GuardResult = { ok: true; url: URL } | { ok: false; reason: string };

/**
 * Special-use or de-facto internal suffixes (RFC 6761, RFC 8375, ICANN name-collision list,
 * cloud metadata names such as metadata.google.internal). A host equal to one or under one is refused.
 */
const INTERNAL_SUFFIXES = [
  "localhost",
  "local",
  "localdomain",
  "internal",
  "intranet",
  "lan",
  "home",
  "corp",
  "home.arpa",
  "test",
  "invalid",
  "onion",
  // Public names documented to resolve to 127.0.0.1, popular in development setups.
  "localtest.me",
  "lvh.me",
  "vcap.me",
];

/** Wildcard DNS services that answer with the IP written in the name (10.0.0.1.nip.io, 10-0-0-1.sslip.io). */
const IP_IN_NAME_SERVICES = ["nip.io", "sslip.io", "xip.io"];

function refuseName(hostname: string): string | null {
  const name = hostname.replace(/\.+$/, "");
  if (name === "") return "the URL has an empty host name";
  const suffix = INTERNAL_SUFFIXES.find((s) => name === s || name.endsWith(`.${s}`));
  if (suffix) return `the host name ${hostname} is an internal name (.${suffix})`;
  // http://metadata/, http://printer/: a name with no dot is completed by the local resolver's
  // search domains, so it can only mean a machine on some internal network.
  if (!name.includes(".")) return `the host name ${hostname} is a single label, which only names an internal machine`;
  const service = IP_IN_NAME_SERVICES.find((s) => name.endsWith(`.${s}`));
  if (service) {
    // The service answers with whichever address the labels spell, dotted or dashed.
    const spelled = name.slice(0, -service.length - 1).match(/(\d{1,3})[.-](\d{1,3})[.-](\d{1,3})[.-](\d{1,3})$/);
    const address = spelled ? parseHostAddress(spelled.slice(1).join(".")) : null;
    const refusal = address ? refuseAddress(address) : `no address could be read from the name`;
    if (refusal) return `the host name ${hostname} resolves to the address it spells, and ${refusal}`;
  }
  // The URL parser turns any host whose last label is numeric into an IPv4 address or fails,
  // so a numeric last label here means something slipped past it: refuse rather than guess.
  if (/(^|\.)(0x[0-9a-f]*|\d+)$/i.test(name)) return `the host ${hostname} looks like a numeric address`;
  return null;
}

/** Whether `input` may be probed; the parsed URL when it may, a sentence saying why not when it may not. */
export function checkTarget(input: string | URL, options: GuardOptions): GuardResult {
  const text = typeof input === "string" ? input : input.href;
  if (text.length > MAX_URL_LENGTH) {
    return { ok: false, reason: `The URL is ${text.length} characters long; the limit is ${MAX_URL_LENGTH}.` };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: "The URL is not a valid absolute URL." };
  }
  // Parsing can lengthen a URL (percent-encoding, IDNA): the limit applies to what would be sent.
  if (url.href.length > MAX_URL_LENGTH) {
    return {
      ok: false,
      reason: `The URL is ${url.href.length} characters long once encoded; the limit is ${MAX_URL_LENGTH}.`,
    };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { ok: false, reason: `Only http and https URLs can be probed, not ${url.protocol.slice(0, 20)} URLs.` };
  }
  if (url.username !== "" || url.password !== "") {
    return {
      ok: false,
      reason: "URLs with credentials (user:password@) are not allowed; send an Authorization header instead.",
    };
  }
  if (options.allowPrivate) return { ok: true, url };

  const address = parseHostAddress(url.hostname.replace(/\.$/, ""));
  const refusal = address ? refuseAddress(address) : refuseName(url.hostname);
  if (refusal)
    return { ok: false, reason: `This target is not allowed: ${refusal}. Only public addresses can be probed.` };
  return { ok: true, url };
}
