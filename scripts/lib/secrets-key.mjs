// A local ENVDIFF_SECRETS_KEY (32 random bytes, base64) for development: `npm run dev` keeps one in
// .dev.vars (git-ignored) and dev servers started by scripts keep one beside their state, so values
// sealed before a restart still open after it. Deployed Workers get theirs from `wrangler secret put`.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const LINE = /^ENVDIFF_SECRETS_KEY\s*=/m;
const PREVIOUS_LINE = /^ENVDIFF_SECRETS_KEY_PREVIOUS\s*=/m;

export function newSecretsKey() {
  return randomBytes(32).toString("base64");
}

/**
 * Appends a fresh ENVDIFF_SECRETS_KEY to `file` (a .dev.vars) unless it already has one, and
 * ENVDIFF_SECRETS_KEY_PREVIOUS=none (no rotation under way) unless it has that; true when it added a key.
 * A rotation rehearsal edits the file: the old key moves to ENVDIFF_SECRETS_KEY_PREVIOUS (docs/secrets.md).
 */
export function ensureDevVarsKey(file) {
  let existing = existsSync(file) ? readFileSync(file, "utf8") : "";
  const separator = () => (existing === "" || existing.endsWith("\n") ? "" : "\n");
  const added = !LINE.test(existing);
  if (added) existing += `${separator()}ENVDIFF_SECRETS_KEY=${newSecretsKey()}\n`;
  if (!PREVIOUS_LINE.test(existing)) existing += `${separator()}ENVDIFF_SECRETS_KEY_PREVIOUS=none\n`;
  writeFileSync(file, existing, { mode: 0o600 });
  return added;
}

/** The key kept in `<stateDir>/secrets-key`, created on first use. */
export function stateSecretsKey(stateDir) {
  const file = join(stateDir, "secrets-key");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const key = newSecretsKey();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
