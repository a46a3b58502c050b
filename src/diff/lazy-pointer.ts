/**
 * A difference's path before it is written out. The JSON walk keeps its path as a stack of raw
 * segments; the collector turns it into an RFC 6901 pointer only for a difference it keeps. A
 * document nested 1,500 deep with 480k differing leaves would otherwise build 480k pointers of
 * 3 KB each to report 200 of them.
 */
import { escapeSegment, isAtOrBelow, pointerFrom } from "./pointer";

export interface PathSource {
  /**
   * The escaped pointer, e.g. /body/json/a~1b/3. With `maxChars`, writing stops once the pointer
   * is longer than that: a caller that cuts long paths anyway never pays for a 900 KB key.
   */
  pointer(maxChars?: number): string;
  /** Same answer as isAtOrBelow(pointer(), prefix), at a cost bounded by the prefix's length. */
  isAtOrBelow(prefix: string): boolean;
}

export class SegmentPath implements PathSource {
  readonly #base: string;
  /** Live: the owner pushes and pops; read only inside the collector's synchronous add(). */
  readonly #segments: readonly (string | number)[];
  /**
   * Live too: segments that read otherwise on this view, by depth. The right side's view of a walk
   * whose stack holds the left side's indexes: only where the two part is anything stored.
   */
  readonly #overlay: ReadonlyMap<number, string | number> | null;

  constructor(
    base: string,
    segments: readonly (string | number)[],
    overlay: ReadonlyMap<number, string | number> | null = null,
  ) {
    this.#base = base;
    this.#segments = segments;
    this.#overlay = overlay;
  }

  #segment(depth: number): string | number {
    const own = this.#segments[depth] as string | number;
    return this.#overlay !== null && this.#overlay.size > 0 ? (this.#overlay.get(depth) ?? own) : own;
  }

  pointer(maxChars = Number.POSITIVE_INFINITY): string {
    if (maxChars === Number.POSITIVE_INFINITY && (this.#overlay === null || this.#overlay.size === 0)) {
      return pointerFrom(this.#base, this.#segments);
    }
    let path = this.#base;
    for (let depth = 0; depth < this.#segments.length; depth++) {
      if (path.length > maxChars) break;
      const segment = this.#segment(depth);
      const raw = typeof segment === "number" ? String(segment) : segment.slice(0, maxChars + 1);
      path += `/${escapeSegment(raw)}`;
    }
    return path;
  }

  isAtOrBelow(prefix: string): boolean {
    // Writes the pointer only until it is longer than the prefix: the answer is known by then. A
    // segment is escaped from a slice of itself, which escapes to a prefix of the whole escape.
    let path = this.#base;
    for (let depth = 0; depth < this.#segments.length; depth++) {
      if (path.length > prefix.length) break;
      const segment = this.#segment(depth);
      const raw = typeof segment === "number" ? String(segment) : segment.slice(0, prefix.length + 1);
      path += `/${escapeSegment(raw)}`;
    }
    return isAtOrBelow(path, prefix);
  }
}

export function pointerOf(path: string | PathSource, maxChars?: number): string {
  return typeof path === "string" ? path : path.pointer(maxChars);
}
