/**
 * "Keep the saved one": a client only ever reads header names (and a secret body as the
 * placeholder), so a write that sends a read back, changed elsewhere, gives "[redacted]" where it
 * means the value already saved. Pair settings (src/directory/pair-settings.ts) and suite edits
 * (src/suites/edit.ts) both take a write that way. Pure: the saved values come opened.
 *
 * A placeholder with no saved value behind it is refused: it would be sent as that text.
 */
import { DomainError } from "../errors";
import type { BodyInput } from "../request-body";
import { isPlaceholderBody, PLACEHOLDER } from "./reader-view";
import type { OpenedValues } from "./request-headers";

type HeaderMap = Record<string, string>;

/** What may hold placeholders: shared and per-side headers, and a body. */
export interface WithSecrets {
  headers?: HeaderMap;
  left?: { headers?: HeaderMap };
  right?: { headers?: HeaderMap };
  body?: BodyInput;
}

/** Whether anything in `given` reads as the placeholder. */
export function hasPlaceholders(given: WithSecrets): boolean {
  const maps = [given.headers, given.left?.headers, given.right?.headers];
  return maps.some((map) => Object.values(map ?? {}).includes(PLACEHOLDER)) || isPlaceholderBody(given.body);
}

/**
 * `given` with each placeholder replaced by the saved value of that header (names match
 * case-insensitively, within the same place: shared, left or right), and a placeholder body by the
 * saved secret body. `owner` names what has saved values in the refusal ("pair", "suite").
 */
export function withSavedValues<T extends WithSecrets>(given: T, saved: OpenedValues, owner: string): T {
  const fill = (map: HeaderMap | undefined, kept: HeaderMap, field: string): HeaderMap | undefined => {
    if (map === undefined) return undefined;
    const byName = new Map(Object.entries(kept).map(([name, value]) => [name.toLowerCase(), value]));
    return Object.fromEntries(
      Object.entries(map).map(([name, value]) => {
        if (value !== PLACEHOLDER) return [name, value];
        const keptValue = byName.get(name.toLowerCase());
        if (keptValue === undefined) {
          throw new DomainError(
            "invalid_request",
            `Header ${name} is "${PLACEHOLDER}" but the ${owner} has no saved value for it: send the real value.`,
            { field },
          );
        }
        return [name, keptValue];
      }),
    );
  };
  const filled: T = { ...given };
  if (given.headers) filled.headers = fill(given.headers, saved.headers, "headers");
  if (given.left) filled.left = { ...given.left, headers: fill(given.left.headers, saved.left, "left") };
  if (given.right) filled.right = { ...given.right, headers: fill(given.right.headers, saved.right, "right") };
  if (given.body && isPlaceholderBody(given.body)) {
    if (!saved.body) {
      throw new DomainError(
        "invalid_request",
        `The body is "${PLACEHOLDER}" but the ${owner} has no saved secret body: send the real body.`,
        { field: "body" },
      );
    }
    filled.body = saved.body;
  }
  return filled;
}
