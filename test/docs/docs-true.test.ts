/**
 * The docs name files and routes that exist. docs/architecture.md is a map of the tree: every file
 * and folder it names must be there (by its path, its path under src/ or docs/, or, for a bare
 * file name in a flow, somewhere in the tree). Every other doc's paths under src/, test/, scripts/,
 * docs/, bench/ and packages/ must be there too. README's API table lists exactly the routes the
 * router serves (read from app.routes, as test/auth/routes.test.ts does).
 */
import { describe, expect, it } from "vitest";
import { app } from "../../src/index";

/** The repository's files, as paths from its root (the glob's import functions are never called). */
const FILES = Object.keys(
  import.meta.glob(
    [
      "/src/**",
      "/test/**",
      "/scripts/**",
      "/docs/**",
      "/bench/**",
      "/packages/cli/**",
      "/action/**",
      "!**/node_modules/**",
      "!**/dist/**",
      "/*.{ts,json,toml,md,yml,cjs}",
      "/.dependency-cruiser.cjs",
    ],
    { query: "?raw" },
  ),
).map((key) => key.replace(/^\//, ""));

const DOCS = import.meta.glob(["/docs/*.md", "/README.md", "/packages/cli/README.md"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

const doc = (path: string): string => {
  const text = DOCS[`/${path}`];
  if (text === undefined) throw new Error(`${path} not found`);
  return text;
};

/** A path or glob (`src/api/*-openapi.ts`) as a test on the file list. */
function exists(path: string): boolean {
  if (path.endsWith("/")) return FILES.some((file) => file.startsWith(path));
  if (!path.includes("*")) return FILES.includes(path) || FILES.some((file) => file.startsWith(`${path}/`));
  const pattern = new RegExp(`^${path.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")}$`);
  return FILES.some((file) => pattern.test(file));
}

/** Where a path named in the architecture page may be: as written, under src/ or docs/, or (a bare name) anywhere. */
function architecturePathExists(path: string): boolean {
  if ([path, `src/${path}`, `docs/${path}`].some(exists)) return true;
  return !path.includes("/") && FILES.some((file) => file.endsWith(`/${path}`));
}

/** File names with an extension, and folders (`api/`, `src/web/`), not inside a URL or a longer path. */
const FILE_TOKEN = /(?<![\w./:-])((?:[\w.*-]+\/)*[\w*-][\w.*-]*\.(?:ts|tsx|mjs|cjs|md|json|toml|css|yml))(?![\w/])/g;
const FOLDER_TOKEN = /(?<![\w./:-])((?:src\/)?[a-z][\w-]*(?:\/[\w-]+)*\/)(?![\w.])/g;
const ROOTED_TOKEN = /(?<![\w./:-])((?:src|test|scripts|docs|bench|packages)\/[\w./*-]*[\w*/])/g;

const tokens = (text: string, pattern: RegExp) => [...new Set([...text.matchAll(pattern)].map((m) => m[1] ?? ""))];

describe("the docs name what exists", () => {
  it("the file list this test reads holds the tree", () => {
    expect(FILES).toContain("src/index.ts");
    expect(FILES).toContain("docs/architecture.md");
    expect(FILES).toContain(".dependency-cruiser.cjs");
    expect(exists("src/api/*-openapi.ts")).toBe(true);
    expect(exists("src/nowhere.ts")).toBe(false);
  });

  it("every file and folder docs/architecture.md names exists", () => {
    const text = doc("docs/architecture.md");
    const named = [...tokens(text, FILE_TOKEN), ...tokens(text, FOLDER_TOKEN)];
    expect(named.length).toBeGreaterThan(100);
    expect(named.filter((path) => !architecturePathExists(path))).toEqual([]);
  });

  it("every path under src/, test/, scripts/, docs/, bench/ or packages/ that a doc names exists", () => {
    const missing = Object.entries(DOCS).flatMap(([file, text]) =>
      tokens(text, ROOTED_TOKEN)
        .map((path) => path.replace(/\.$/, ""))
        .filter((path) => !exists(path))
        .map((path) => `${file.slice(1)}: ${path}`),
    );
    expect(missing).toEqual([]);
  });
});

describe("README's API table", () => {
  it("lists every route the router serves, one row each, and no other", () => {
    const served = new Set(
      app.routes.filter((route) => route.method !== "ALL").map((route) => `${route.method} ${route.path}`),
    );
    const listed = [...doc("README.md").matchAll(/^\| `(GET|POST|PUT|PATCH|DELETE) (\/api\/[^`?\s]*)/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(listed).toContain("PATCH /api/suites/:suiteId");
    expect(listed).toContain("GET /api/suites/:suiteId/runs/:number");
    expect(listed.filter((route) => !served.has(route))).toEqual([]);
    expect([...served].filter((route) => !listed.includes(route))).toEqual([]);
  });
});
