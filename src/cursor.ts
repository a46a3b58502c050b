/**
 * The opaque cursor of the list routes (GET /api/pairs, GET /api/suites): the keyset of the last row
 * on a page, a time and an id, base64url-encoded. Keyset pagination resumes strictly after it, so a
 * page costs the rows it returns whatever the depth, and a row is never shown twice in one walk (one
 * that moves meanwhile goes to the front and is not revisited).
 */

/** Where a page ended: its last row's time (ms) and id, the order the list is sorted in. */
export interface Keyset {
  at: number;
  id: string;
}

export function encodeCursor(keyset: Keyset): string {
  const text = JSON.stringify([keyset.at, keyset.id]);
  return btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The keyset, or null when the text is not a cursor this API issued (`isId` checks the id's form). */
export function decodeCursor(text: string, isId: (id: string) => boolean = () => true): Keyset | null {
  try {
    const decoded: unknown = JSON.parse(atob(text.replaceAll("-", "+").replaceAll("_", "/")));
    if (!Array.isArray(decoded) || decoded.length !== 2) return null;
    const [at, id] = decoded as unknown[];
    if (!Number.isSafeInteger(at) || typeof id !== "string" || !isId(id)) return null;
    return { at: at as number, id };
  } catch {
    return null;
  }
}
