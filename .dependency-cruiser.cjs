/**
 * envdiff's layering, checked by `npm run deps` (dependency-cruiser) in CI: imports only go down.
 *
 *   entry points   src/index.ts, api/ (HTTP), queue/ (the start queue's consumer), workflow/ (steps), web/ (the page)
 *   features       compare/, suites/, watches/, directory/, auth/
 *   stores         do/ (the Durable Objects), db/ (D1 and the tables), fanout/ (what the start queue carries)
 *   engines        probe/, diff/, explain/, secrets/
 *   shapes         shapes/ (every contract shape)
 *   primitives     src/*.ts (errors, log, digest, pair-key, budgets, idempotency, cron)
 *
 * docs/architecture.md § Layers says what each folder is for.
 */
const ENTRY = "^src/(index\\.ts$|api/|queue/|workflow/|web/)";
const FEATURES = "^src/(compare|suites|watches|directory|auth)/";
const STORES = "^(src/(do|db|fanout)/|drizzle/)";
const ENGINES = "^src/(probe|diff|explain|secrets)/";
const SHAPES = "^src/shapes/";
const PRIMITIVES = "^src/(?!index\\.ts$)[^/]+\\.ts$";
const below = (...layers) => layers.join("|");

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Files never import each other in a circle, directly or through others.",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-folder-circular",
      severity: "error",
      scope: "folder",
      comment: "Two folders never import each other, directly or through other folders.",
      from: {},
      to: { circular: true },
    },
    {
      name: "features-below-entry-points",
      severity: "error",
      comment: "Nothing below the entry points imports one: the domain does not know which transport called it.",
      from: { path: below(FEATURES, STORES, ENGINES, SHAPES, PRIMITIVES) },
      to: { path: ENTRY },
    },
    {
      name: "stores-below-features",
      severity: "error",
      comment: "Stores, engines, shapes and primitives never import a feature.",
      from: { path: below(STORES, ENGINES, SHAPES, PRIMITIVES) },
      to: { path: FEATURES },
    },
    {
      name: "engines-below-stores",
      severity: "error",
      comment: "Engines, shapes and primitives never import a store.",
      from: { path: below(ENGINES, SHAPES, PRIMITIVES) },
      to: { path: STORES },
    },
    {
      name: "shapes-below-engines",
      severity: "error",
      comment: "Shapes and primitives never import an engine.",
      from: { path: below(SHAPES, PRIMITIVES) },
      to: { path: ENGINES },
    },
    {
      name: "primitives-at-the-bottom",
      severity: "error",
      comment: "Primitives import only other primitives.",
      from: { path: PRIMITIVES },
      to: { path: "^src/[^/]+/" },
    },
    {
      name: "entry-points-apart",
      severity: "error",
      comment: "One transport's adapter never reaches into another's: each calls the domain.",
      from: { path: "^src/(api|queue|workflow|web)/" },
      to: { path: "^src/(api|queue|workflow|web)/", pathNot: "^src/$1/" },
    },
    {
      name: "web-is-browser-code",
      severity: "error",
      comment: "The page is bundled for the browser: it takes shapes (as types) and pure engines, never server code.",
      from: { path: "^src/web/" },
      to: { path: below(FEATURES, STORES, "^src/(api|queue|workflow|probe|secrets)/") },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "An import that resolves to nothing is a typo or a missing dependency.",
      from: {},
      to: { couldNotResolve: true, pathNot: "^cloudflare:" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|dist|\\.wrangler)/" },
    parser: "swc",
    // swc keeps type-only imports on its own, so they count too (tsPreCompilationDeps asks for tsc).
    tsPreCompilationDeps: false,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
