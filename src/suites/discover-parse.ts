/**
 * Reading paths out of discovery documents, pure. OpenAPI 3.x (JSON): every operation of the suite's
 * method that needs no parameter (no path template, no `required: true` parameter at path or
 * operation level, `$ref`s to components/parameters followed): GET operations for a GET or HEAD
 * suite, POST operations for a POST suite, whose one body is sent to every path found. Sitemaps:
 * every `<loc>` of a `<urlset>`.
 */
import type { JsonValue } from "../shapes/json";

export type Parsed = { ok: true; entries: string[] } | { ok: false; message: string };

type JsonObject = { [key: string]: JsonValue };

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A parameter object, following one local `$ref` (`#/components/parameters/<name>`). */
function resolveParameter(value: JsonValue, doc: JsonObject): JsonObject | null {
  if (!isObject(value)) return null;
  const ref = value.$ref;
  if (typeof ref !== "string") return value;
  const match = /^#\/components\/parameters\/([^/]+)$/.exec(ref);
  const parameters = isObject(doc.components) ? doc.components.parameters : undefined;
  const target = match && isObject(parameters) ? parameters[decodeURIComponent(match[1] ?? "")] : undefined;
  return isObject(target) ? target : null;
}

function needsParameter(list: JsonValue | undefined, doc: JsonObject): boolean {
  if (!Array.isArray(list)) return false;
  return list.some((entry) => {
    const parameter = resolveParameter(entry, doc);
    // A parameter that cannot be read is treated as required: better one path too few than a 400 per run.
    return parameter === null || parameter.required === true || parameter.in === "path";
  });
}

/** The OpenAPI operation a suite's method reads: HEAD is answered wherever GET is. */
export function operationOf(method: "GET" | "HEAD" | "POST"): "get" | "post" {
  return method === "POST" ? "post" : "get";
}

export function openApiPaths(doc: JsonValue | undefined, operation: "get" | "post" = "get"): Parsed {
  if (!isObject(doc) || typeof doc.openapi !== "string" || !/^3\.\d+/.test(doc.openapi)) {
    return { ok: false, message: "The discovery document is not an OpenAPI 3.x document (no `openapi: 3.x` field)." };
  }
  if (!isObject(doc.paths)) return { ok: false, message: "The OpenAPI document has no `paths` object." };
  const entries: string[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    if (!template.startsWith("/") || template.includes("{") || !isObject(item)) continue;
    const found = item[operation];
    if (!isObject(found)) continue;
    if (needsParameter(item.parameters, doc) || needsParameter(found.parameters, doc)) continue;
    entries.push(template);
  }
  return { ok: true, entries };
}

const XML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** A character XML 1.0 allows (its `Char` production): no NUL, C0 controls but tab/LF/CR, surrogates or U+FFFE/U+FFFF. */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/**
 * What a reference such as `&amp;`, `&#38;` or `&#x26;` stands for: null for a character reference
 * that names no XML character. A name XML does not predefine is kept as written (no DTD is read).
 */
function decodeReference(name: string): string | null {
  const hex = /^#x([0-9a-f]{1,8})$/i.exec(name);
  const decimal = /^#(\d{1,10})$/.exec(name);
  if (hex || decimal) {
    const code = hex ? Number.parseInt(hex[1] ?? "", 16) : Number.parseInt(decimal?.[1] ?? "", 10);
    // String.fromCodePoint throws a RangeError past U+10FFFF: the document is refused instead.
    return isXmlChar(code) ? String.fromCodePoint(code) : null;
  }
  if (name.startsWith("#")) return null;
  return XML_ENTITIES[name.toLowerCase()] ?? `&${name};`;
}

/**
 * The text of a <loc>: CDATA sections as they are, references decoded elsewhere. Null when a
 * character reference names no character (`&#x110000;`, `&#0;`, a surrogate, `&#xZZ;`):
 * such a document is not well-formed XML, and guessing what it meant could give another path.
 */
function decodeXml(text: string): string | null {
  let out = "";
  for (const part of text.split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)) {
    if (part.startsWith("<![CDATA[")) {
      out += part.slice("<![CDATA[".length, -"]]>".length);
      continue;
    }
    let invalid = false;
    out += part.replace(/&([^;&\s]{0,32});/g, (_whole, name: string) => {
      const decoded = decodeReference(name);
      if (decoded === null) invalid = true;
      return decoded ?? "";
    });
    if (invalid) return null;
  }
  return out.trim();
}

export function sitemapLocations(text: string | undefined): Parsed {
  if (text === undefined || !/<urlset[\s>]/.test(text)) {
    const index = text !== undefined && /<sitemapindex[\s>]/.test(text);
    return {
      ok: false,
      message: index
        ? "The discovery document is a sitemap index: give one of the sitemaps it lists."
        : "The discovery document is not a sitemap (no <urlset>).",
    };
  }
  const entries: string[] = [];
  for (const [, raw = ""] of text.matchAll(/<loc>([\s\S]*?)<\/loc>/g)) {
    const loc = decodeXml(raw);
    if (loc === null) {
      return {
        ok: false,
        message: `The sitemap has a <loc> with a character reference that names no XML character: ${JSON.stringify(raw.trim().slice(0, 120))}.`,
      };
    }
    entries.push(loc);
  }
  return { ok: true, entries };
}
