/**
 * Cookies compared per name: the stored `set-cookie` holds each cookie's name and attributes
 * (src/probe/set-cookie.ts), so a cookie whose Secure, HttpOnly or SameSite got lost on one side is
 * one difference at /headers/set-cookie/<name>, `high`: a browser now sends it over plain HTTP,
 * lets scripts read it, or sends it cross-site. Any other attribute change is `low`.
 */
import type { Severity } from "../shapes/result";
import type { Collector } from "./collector";
import { escapeSegment } from "./pointer";

interface Cookie {
  text: string;
  secure: boolean;
  httpOnly: boolean;
  /** None < unspecified < Lax < Strict. */
  sameSite: number;
}

const SAME_SITE: Record<string, number> = { none: 0, lax: 2, strict: 3 };
const UNSPECIFIED = 1;

function parse(text: string): Cookie {
  const parts = text.split(";").map((p) => p.trim());
  const flags = new Set(parts.slice(1).map((p) => p.toLowerCase()));
  const sameSite = parts.find((p) => p.toLowerCase().startsWith("samesite="));
  return {
    text,
    secure: flags.has("secure"),
    httpOnly: flags.has("httponly"),
    sameSite: sameSite ? (SAME_SITE[sameSite.slice(9).toLowerCase()] ?? UNSPECIFIED) : UNSPECIFIED,
  };
}

/** Cookies by name; a name sent twice keeps its first occurrence. */
export function parseSetCookie(value: string | undefined): Map<string, Cookie> {
  const cookies = new Map<string, Cookie>();
  if (!value) return cookies;
  for (const text of value.split(", ")) {
    const name = (text.split(";", 1)[0] ?? "").trim();
    if (name && !cookies.has(name)) cookies.set(name, parse(text));
  }
  return cookies;
}

/** Weaker on either side is a regression: which environment is the newer one is not known here. */
export function cookieSeverity(a: Cookie, b: Cookie): Severity {
  const weaker = (x: Cookie, y: Cookie) =>
    (y.secure && !x.secure) || (y.httpOnly && !x.httpOnly) || x.sameSite < y.sameSite;
  return weaker(a, b) || weaker(b, a) ? "high" : "low";
}

export function diffCookies(left: string | undefined, right: string | undefined, out: Collector): void {
  const l = parseSetCookie(left);
  const r = parseSetCookie(right);
  const names = [...new Set([...l.keys(), ...r.keys()])].sort();
  for (const name of names) {
    const a = l.get(name);
    const b = r.get(name);
    const path = `/headers/set-cookie/${escapeSegment(name)}`;
    if (a && b) {
      if (a.text !== b.text) out.add("header", path, "changed", cookieSeverity(a, b), a.text, b.text);
    } else if (b) out.add("header", path, "added", "low", null, b.text);
    else if (a) out.add("header", path, "removed", "low", a.text, null);
  }
}
