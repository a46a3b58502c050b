/**
 * Measuring and cutting JSON values by UTF-8 bytes without ever serialising more than the bound:
 * the walk is iterative (no recursion, so 10k levels of nesting cannot overflow the stack) and stops
 * as soon as the bound is passed, so a 1 MiB subtree costs what the bound allows, not its size.
 */
import type { JsonValue } from "../shapes/json";

/** UTF-8 bytes of `text` as JSON.stringify writes it inside quotes (escapes included), up to `limit`. */
export function jsonStringBytes(text: string, limit = Number.POSITIVE_INFINITY): number {
  let used = 2;
  for (let i = 0; i < text.length && used <= limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d) used += 2;
    else if (c < 0x20) used += 6;
    else if (c < 0x80) used += 1;
    else if (c < 0x800) used += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        used += 4;
        i++;
      } else used += 6;
    } else if (c >= 0xdc00 && c <= 0xdfff) used += 6;
    else used += 3;
  }
  return used;
}

/** UTF-8 bytes of JSON.stringify(value), or a number above `limit` as soon as it is known to exceed it. */
export function jsonBytes(value: JsonValue, limit = Number.POSITIVE_INFINITY): number {
  let used = 0;
  const stack: JsonValue[] = [value];
  while (stack.length > 0 && used <= limit) {
    const v = stack.pop() as JsonValue;
    if (v === null) used += 4;
    else if (typeof v === "string") used += jsonStringBytes(v, limit - used);
    else if (typeof v === "number") used += Number.isFinite(v) ? String(v).length : 4;
    else if (typeof v === "boolean") used += v ? 4 : 5;
    else if (Array.isArray(v)) {
      used += 2 + Math.max(0, v.length - 1);
      if (used <= limit) for (let i = v.length - 1; i >= 0; i--) stack.push(v[i] as JsonValue);
    } else {
      const keys = Object.keys(v);
      used += 2 + Math.max(0, keys.length - 1) + keys.length;
      for (const key of keys) {
        used += jsonStringBytes(key, limit - used);
        if (used > limit) break;
        stack.push(v[key] as JsonValue);
      }
    }
  }
  return used;
}

/** The longest prefix of `text` within `maxBytes` UTF-8 bytes (raw, not escaped), never splitting a pair. */
export function utf8Prefix(text: string, maxBytes: number): string {
  let used = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length;
    const cost = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (used + cost > maxBytes) return text.slice(0, i);
    used += cost;
    if (pair) i++;
  }
  return text;
}

/** UTF-8 bytes of a string as stored raw (no escaping). */
export function utf8Bytes(text: string): number {
  let used = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) used += 1;
    else if (c < 0x800) used += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      used += 4;
      i++;
    } else used += 3;
  }
  return used;
}

/** Cuts a string to `maxBytes` UTF-8 bytes, saying how long it was. */
export function cutString(text: string, maxBytes: number): string {
  if (jsonStringBytes(text, maxBytes) <= maxBytes) return text;
  return `${utf8Prefix(text, maxBytes)}… (${utf8Bytes(text)} bytes)`;
}

/** A value small enough to report as it is, or a one-line summary of it. */
export function boundedValue(value: JsonValue, maxStringBytes: number, maxContainerBytes: number): JsonValue {
  if (typeof value === "string") return cutString(value, maxStringBytes);
  if (value === null || typeof value !== "object") return value;
  if (jsonBytes(value, maxContainerBytes) <= maxContainerBytes) return value;
  return Array.isArray(value) ? `[array of ${value.length} items]` : `[object with ${Object.keys(value).length} keys]`;
}

/** Whether two JSON values are equal, iteratively: safe at any nesting depth. */
export function jsonEqual(a: JsonValue, b: JsonValue): boolean {
  const stack: [JsonValue, JsonValue][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop() as [JsonValue, JsonValue];
    if (x === y) continue;
    if (typeof x !== "object" || typeof y !== "object" || x === null || y === null) return false;
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    if (Array.isArray(x)) {
      const yy = y as JsonValue[];
      if (x.length !== yy.length) return false;
      for (let i = 0; i < x.length; i++) stack.push([x[i] as JsonValue, yy[i] as JsonValue]);
      continue;
    }
    const xo = x as Record<string, JsonValue>;
    const yo = y as Record<string, JsonValue>;
    const keys = Object.keys(xo);
    if (keys.length !== Object.keys(yo).length) return false;
    for (const key of keys) {
      if (!Object.hasOwn(yo, key)) return false;
      stack.push([xo[key] as JsonValue, yo[key] as JsonValue]);
    }
  }
  return true;
}
