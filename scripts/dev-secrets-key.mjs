// `npm run dev` runs this first: a .dev.vars without ENVDIFF_SECRETS_KEY gets a random one, and one
// without ENVDIFF_SECRETS_KEY_PREVIOUS gets `none` (no rotation under way; docs/secrets.md).
import { join, resolve } from "node:path";
import { ensureDevVarsKey } from "./lib/secrets-key.mjs";

const file = join(resolve(import.meta.dirname, ".."), ".dev.vars");
if (ensureDevVarsKey(file))
  console.log("Created ENVDIFF_SECRETS_KEY in .dev.vars (git-ignored; local development only).");
