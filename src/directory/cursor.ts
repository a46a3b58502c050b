/**
 * The opaque cursor of GET /api/pairs: the (last_compared_at, pair_key) of the last pair on
 * a page, base64url-encoded. Keyset pagination resumes strictly after it, so a page costs
 * the rows it returns whatever the depth, and a pair is never shown twice in one walk
 * (one compared again mid-walk moves to the front and is not revisited).
 */

export interface PairCursor {
  lastComparedAt: number;
  pairKey: string;
}

const PAIR_KEY = /^[0-9a-f]{64}$/;

export function encodeCursor(cursor: PairCursor): string {
  const text = JSON.stringify([cursor.lastComparedAt, cursor.pairKey]);
  return btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The cursor, or null when the text is not one this API issued. */
export function decodeCursor(text: string): PairCursor | null {
  try {
    const decoded: unknown = JSON.parse(atob(text.replaceAll("-", "+").replaceAll("_", "/")));
    if (!Array.isArray(decoded) || decoded.length !== 2) return null;
    const [lastComparedAt, pairKey] = decoded as unknown[];
    if (!Number.isSafeInteger(lastComparedAt) || typeof pairKey !== "string" || !PAIR_KEY.test(pairKey)) return null;
    return { lastComparedAt: lastComparedAt as number, pairKey };
  } catch {
    return null;
  }
}
