/**
 * Reads a response body up to a byte cap, hashing what it reads, and cancels the rest, so a
 * 40 MB, endless or trickling body costs at most the cap in memory and the deadline in time.
 */
import { toHex } from "../digest";

export interface BodyRead {
  /** The bytes read, at most the cap. */
  data: Uint8Array;
  /** SHA-256 of `data`, lowercase hex. */
  sha256: string;
  /** True when the body had more than `data`: cut at the cap, or interrupted by `failure`. */
  truncated: boolean;
  /** What stopped the read early (the deadline's reason or a network error), or null when it ended cleanly. */
  failure: unknown;
}

/** Incremental SHA-256: workerd's DigestStream when present, otherwise one digest over the (capped) bytes. */
interface Hasher {
  update(chunk: Uint8Array): Promise<void>;
  finish(all: Uint8Array): Promise<ArrayBuffer>;
}

function createHasher(): Hasher {
  if (typeof crypto.DigestStream !== "function") {
    return { update: async () => {}, finish: (all) => crypto.subtle.digest("SHA-256", all) };
  }
  const stream = new crypto.DigestStream("SHA-256");
  const writer = stream.getWriter();
  return {
    update: (chunk) => writer.write(chunk),
    finish: async () => {
      await writer.close();
      return stream.digest;
    },
  };
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * Reads `body` until it ends, `cap` bytes are in hand, or `stop` rejects (the deadline).
 * Never throws for the body's own failures: they come back as `failure`.
 */
export async function readBody(
  body: ReadableStream<Uint8Array> | null,
  cap: number,
  stop: Promise<never>,
): Promise<BodyRead> {
  const chunks: Uint8Array[] = [];
  const hasher = createHasher();
  let total = 0;
  let truncated = false;
  let failure: unknown = null;

  if (body) {
    const reader = body.getReader();
    try {
      for (;;) {
        // Racing each read against the deadline keeps a trickling body from holding the probe.
        const { done, value } = await Promise.race([reader.read(), stop]);
        if (done) break;
        if (total >= cap) {
          truncated = true;
          break;
        }
        const kept = value.byteLength > cap - total ? value.subarray(0, cap - total) : value;
        chunks.push(kept);
        total += kept.byteLength;
        await hasher.update(kept);
        if (kept !== value) {
          truncated = true;
          break;
        }
      }
    } catch (error) {
      failure = error;
      truncated = true;
    }
    // Not awaited: a slowloris peer may never acknowledge, and the rest is of no interest.
    reader.cancel().catch(() => {});
  }

  const data = concat(chunks, total);
  return { data, sha256: toHex(await hasher.finish(data)), truncated, failure };
}
