/**
 * Editing a suite from its view, pure (tested in test/web/suite-edit.test.ts): the form filled
 * from what GET /api/suites/:suiteId shows, and the PATCH /api/suites/:suiteId body it makes.
 *
 * Header values read as "[redacted]" (the API never shows them); left so, the server keeps the
 * saved value. Options the form has no field for (masks, samples, array keys, labels…) are sent
 * back as read, so an edit never drops them. Paths are sent only when they changed: an unchanged
 * discovery URL keeps the paths it found rather than fetching the document again.
 */
import type { SuiteDetail } from "../shapes/suite";
import type { SuitePatch } from "../shapes/suite-routes";
import { buildSuiteRequest, type PathSource, type SuiteFieldErrors, type SuiteFormValues } from "./suite-form";

type HeaderMap = Record<string, string>;

const headerLines = (headers: HeaderMap | undefined) =>
  Object.entries(headers ?? {})
    .map(([name, value]) => `${name}: ${value}`)
    .join("\n");

/** How the suite's paths were found, as the form names it: a list, or a discovery document's URL. */
function sourceOf(discover: SuiteDetail["discover"]): { source: PathSource; url: string } {
  if (discover !== null && typeof discover === "object" && !Array.isArray(discover)) {
    if (typeof discover.openapi === "string") return { source: "openapi", url: discover.openapi };
    if (typeof discover.sitemap === "string") return { source: "sitemap", url: discover.sitemap };
  }
  return { source: "list", url: "" };
}

/** The form as the suite is now. */
export function suiteFormValues(detail: SuiteDetail): SuiteFormValues {
  const { options } = detail;
  const { source, url } = sourceOf(detail.discover);
  return {
    name: detail.name ?? "",
    leftBase: detail.leftBase,
    rightBase: detail.rightBase,
    source,
    paths: detail.pathList.join("\n"),
    discoverUrl: url,
    headers: headerLines(options.headers),
    leftHeaders: headerLines(options.left?.headers),
    rightHeaders: headerLines(options.right?.headers),
    timeoutMs: String(options.timeoutMs ?? ""),
    ignoreHeaders: (options.ignoreHeaders ?? []).join(", "),
    ignorePaths: (options.ignorePaths ?? []).join("\n"),
  };
}

/** What the form edits of the options; everything else is kept as read. */
const FORM_OPTIONS = ["headers", "left", "right", "timeoutMs", "ignoreHeaders", "ignorePaths"] as const;

/** The PATCH body the edited form makes (only what changed besides the options), or its problems field by field. */
export function buildSuitePatch(
  values: SuiteFormValues,
  detail: SuiteDetail,
): { ok: true; patch: SuitePatch } | { ok: false; errors: SuiteFieldErrors } {
  // The bases are the suite's own and not edited.
  const built = buildSuiteRequest({ ...values, leftBase: detail.leftBase, rightBase: detail.rightBase });
  if (!built.ok) return built;
  const { request } = built;
  const patch: SuitePatch = {};
  const name = request.name ?? null;
  if (name !== detail.name) patch.name = name;
  if (request.paths) {
    const same = detail.discover === null && request.paths.join("\n") === detail.pathList.join("\n");
    if (!same) patch.paths = request.paths;
  } else if (request.discover && JSON.stringify(request.discover) !== JSON.stringify(detail.discover)) {
    patch.discover = request.discover;
  }
  const kept: Record<string, unknown> = { ...detail.options };
  for (const option of FORM_OPTIONS) delete kept[option];
  patch.options = { ...kept, ...(request.options ?? {}) } as SuitePatch["options"];
  return { ok: true, patch };
}
