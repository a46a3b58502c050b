/**
 * Reading paths out of discovery documents, pure. OpenAPI 3.x (JSON): every GET operation that
 * needs no parameter (no path template, no `required: true` parameter at path or operation level,
 * `$ref`s to components/parameters followed). Sitemaps: every `<loc>` of a `<urlset>`.
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

export function openApiPaths(doc: JsonValue | undefined): Parsed {
  if (!isObject(doc) || typeof doc.openapi !== "string" || !/^3\.\d+/.test(doc.openapi)) {
    return { ok: false, message: "The discovery document is not an OpenAPI 3.x document (no `openapi: 3.x` field)." };
  }
  if (!isObject(doc.paths)) return { ok: false, message: "The OpenAPI document has no `paths` object." };
  const entries: string[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    if (!template.startsWith("/") || template.includes("{") || !isObject(item) || !isObject(item.get)) continue;
    if (needsParameter(item.parameters, doc) || needsParameter(item.get.parameters, doc)) continue;
    entries.push(template);
  }
  return { ok: true, entries };
}

const XML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, "$1")
    .replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (whole, name: string) => {
      if (name.startsWith("#x") || name.startsWith("#X"))
        return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (name.startsWith("#")) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
      return XML_ENTITIES[name.toLowerCase()] ?? whole;
    })
    .trim();
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
  const entries = [...text.matchAll(/<loc>([\s\S]*?)<\/loc>/g)].map((m) => decodeXml(m[1] ?? ""));
  return { ok: true, entries };
}
