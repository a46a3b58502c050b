/**
 * Turns whatever `fetch` threw into a contract error code and a sentence for the user.
 * workerd reports network failures only through messages, and they vary between versions and
 * between local (workerd) and deployed Workers, so the mapping is by message, most specific first.
 */
import type { ProbeErrorCode } from "../shapes/envelope";

export interface ProbeError {
  code: ProbeErrorCode;
  message: string;
}

const RULES: [RegExp, ProbeErrorCode, string][] = [
  [
    /\bdns\b|lookup|resolv|name or service not known|nodename nor servname|enotfound|eai_again|nxdomain|error code: 1016/i,
    "dns",
    "The host name could not be resolved (DNS lookup failed)",
  ],
  [
    /\btls\b|\bssl\b|certificate|handshake|x509|\bcert\b/i,
    "tls",
    "The TLS (HTTPS) connection could not be established",
  ],
  [/timed? ?out|etimedout/i, "timeout", "The connection timed out"],
  [
    /invalid (http )?response|malformed|parse error|invalid header|protocol error|bad response/i,
    "invalid_response",
    "The target answered with something that is not valid HTTP",
  ],
  [
    /connection (lost|refused|reset|closed)|econnrefused|econnreset|epipe|broken pipe|reset by peer|socket|network|unreachable|disconnected|connect/i,
    "connection",
    "The connection failed or was closed before a complete response arrived",
  ],
  // workerd hides DNS and TLS failures behind "internal error; reference = …" when run locally.
  [
    /internal error/i,
    "connection",
    "The connection failed before any response arrived (DNS, TLS or network failure; the runtime gave no detail)",
  ],
];

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === "string" ? error : "";
}

/** The contract error for something `fetch` or a body read threw (not for our own deadline: see probe.ts). */
export function mapFetchError(error: unknown): ProbeError {
  const detail = messageOf(error).trim();
  for (const [pattern, code, sentence] of RULES) {
    if (pattern.test(detail)) return { code, message: withDetail(sentence, detail) };
  }
  return { code: "connection", message: withDetail("The request failed before a complete response arrived", detail) };
}

function withDetail(sentence: string, detail: string): string {
  // The runtime's own words help when they say something; an opaque reference id does not.
  if (detail === "" || /^internal error/i.test(detail)) return `${sentence}.`;
  return `${sentence}: ${detail.slice(0, 200)}`;
}
