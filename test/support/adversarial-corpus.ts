/**
 * The adversarial body corpus: pairs of response bodies (left, right) that a broken or hostile
 * server could send, each within the probe's 1 MiB cap unless the shape is about the cap itself.
 * Generated here, deterministically, never stored. Used end to end against local targets
 * (test/diff/adversarial.test.ts, served by adversarial-targets.ts) and by the bench
 * `diff-adversarial-max` (bench/adversarial.bench.ts).
 *
 * No imports on purpose: Node (the target server) and workerd (tests, bench) both load this file.
 */

export interface AdversarialShape {
  name: string;
  contentType: string;
  /** Built on demand: the whole corpus at once would hold ~70 MB of strings. */
  build(): { left: string | Uint8Array; right: string | Uint8Array };
}

const MIB = 1024 * 1024;
const JSON_TYPE = "application/json";
const TEXT_TYPE = "text/plain; charset=utf-8";

/** mulberry32: the same bytes every run (bench/diff.bench.ts uses it too). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cjk(length: number, seed: number): string {
  const random = prng(seed);
  let s = "";
  for (let i = 0; i < length; i++) s += String.fromCharCode(0x4e00 + Math.floor(random() * 0x5000));
  return s;
}

const EMOJI = ["😀", "🚀", "👩‍💻", "🇯🇵", "🧪", "🔥", "✅", "🦄"];
function emoji(count: number, seed: number): string {
  const random = prng(seed);
  let s = "";
  for (let i = 0; i < count; i++) s += EMOJI[Math.floor(random() * EMOJI.length)];
  return s;
}

function nested(depth: number, open: string, close: string, inner: string): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

function json(value: unknown): string {
  return JSON.stringify(value);
}

function range<T>(n: number, f: (i: number) => T): T[] {
  const out: T[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = f(i);
  return out;
}

function objectOf(n: number, key: (i: number) => string, value: (i: number) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) out[key(i)] = value(i);
  return out;
}

function lines(n: number, line: (i: number) => string): string {
  return range(n, line).join("\n");
}

function randomBytes(n: number, seed: number): Uint8Array {
  const random = prng(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(random() * 256);
  out[0] = 0; // a NUL keeps it binary whatever else it holds
  return out;
}

const shape = (name: string, contentType: string, build: AdversarialShape["build"]): AdversarialShape => ({
  name,
  contentType,
  build,
});

export const ADVERSARIAL_CORPUS: readonly AdversarialShape[] = [
  // The four shapes of issue 13's table.
  shape("cjk-arrays-vs-objects", JSON_TYPE, () => {
    const rows = range(200, (r) => range(10, (c) => cjk(168, r * 10 + c)));
    return {
      left: json(rows),
      right: json(
        rows.map((row) =>
          objectOf(
            10,
            (c) => `c${c}`,
            (c) => row[c],
          ),
        ),
      ),
    };
  }),
  shape("nested-1500-around-480k-differing-leaves", JSON_TYPE, () => ({
    left: nested(1500, '{"a":', "}", `[${"0,".repeat(480_000 - 1)}0]`),
    right: nested(1500, '{"a":', "}", `[${"1,".repeat(480_000 - 1)}1]`),
  })),
  shape("arrays-nested-5000-in-10kb", JSON_TYPE, () => ({
    left: nested(5000, "[", "]", "1"),
    right: nested(5000, "[", "]", "2"),
  })),
  shape("array-1020001-bytes-one-letter-strings", JSON_TYPE, () => {
    // 255,000 elements of `"a",` make 1,020,001 bytes with the brackets.
    const left = range(255_000, () => "a");
    const right = [...left];
    right[127_000] = "b";
    return { left: json(left), right: json(right) };
  }),
  // Nesting.
  shape("objects-nested-10k", JSON_TYPE, () => ({
    left: nested(10_000, '{"a":', "}", "1"),
    right: nested(10_000, '{"a":', "}", "2"),
  })),
  shape("arrays-nested-10k", JSON_TYPE, () => ({
    left: nested(10_000, "[", "]", '"x"'),
    right: nested(10_000, "[", "]", '"y"'),
  })),
  shape("nested-256-at-the-bound", JSON_TYPE, () => ({
    left: nested(255, '{"a":', "}", "[1]"),
    right: nested(255, '{"a":', "}", "[2]"),
  })),
  shape("nested-257-past-the-bound", JSON_TYPE, () => ({
    left: nested(256, '{"a":', "}", "[1]"),
    right: nested(256, '{"a":', "}", "[2]"),
  })),
  shape("nested-200-around-300k-differing-leaves", JSON_TYPE, () => ({
    left: nested(200, '{"k/~":', "}", `[${"0,".repeat(300_000 - 1)}0]`),
    right: nested(200, '{"k/~":', "}", `[${"1,".repeat(300_000 - 1)}1]`),
  })),
  // Width.
  shape("object-100k-keys-all-differ", JSON_TYPE, () => ({
    // Base-36 keys keep 100k entries under the 1 MiB cap.
    left: json(
      objectOf(
        100_000,
        (i) => i.toString(36),
        () => 0,
      ),
    ),
    right: json(
      objectOf(
        100_000,
        (i) => i.toString(36),
        () => 1,
      ),
    ),
  })),
  shape("object-100k-keys-disjoint", JSON_TYPE, () => ({
    left: json(
      objectOf(
        100_000,
        (i) => `l${i.toString(36)}`,
        () => 0,
      ),
    ),
    right: json(
      objectOf(
        100_000,
        (i) => `r${i.toString(36)}`,
        () => 0,
      ),
    ),
  })),
  shape("array-1m-elements", JSON_TYPE, () => ({
    // 2 MB of text: the probe reads its first MiB, so it is cut and compared as text.
    left: `[${"0,".repeat(1_000_000 - 1)}0]`,
    right: `[${"1,".repeat(1_000_000 - 1)}1]`,
  })),
  shape("array-400k-all-different-leaves", JSON_TYPE, () => ({
    left: json(range(400_000, (i) => i % 10)),
    right: json(range(400_000, (i) => (i + 1) % 10)),
  })),
  shape("array-grows-from-empty-to-200k", JSON_TYPE, () => ({ left: "[]", right: json(range(200_000, (i) => i)) })),
  shape("object-50k-keys-removed", JSON_TYPE, () => ({
    left: json(
      objectOf(
        50_000,
        (i) => `key-${i}`,
        (i) => ({ i }),
      ),
    ),
    right: "{}",
  })),
  shape("leaves-change-type", JSON_TYPE, () => ({
    left: json(range(100_000, (i) => i)),
    right: json(range(100_000, (i) => String(i))),
  })),
  // Keys.
  shape("long-keys-8-of-100kb", JSON_TYPE, () => ({
    left: json(
      objectOf(
        8,
        (i) => `${i}`.padEnd(100_000, "k"),
        () => "left",
      ),
    ),
    right: json(
      objectOf(
        8,
        (i) => `${i}`.padEnd(100_000, "k"),
        () => "right",
      ),
    ),
  })),
  shape("one-900kb-key-above-50k-differing-leaves", JSON_TYPE, () => ({
    left: json({ ["k".repeat(900_000)]: range(50_000, () => 0) }),
    right: json({ ["k".repeat(900_000)]: range(50_000, () => 1) }),
  })),
  shape("keys-needing-escapes", JSON_TYPE, () => ({
    left: json(
      objectOf(
        50_000,
        (i) => `a/b~c/${i}~1~0`,
        () => true,
      ),
    ),
    right: json(
      objectOf(
        50_000,
        (i) => `a/b~c/${i}~1~0`,
        () => false,
      ),
    ),
  })),
  shape("keys-only-slashes-and-tildes", JSON_TYPE, () => ({
    left: json(
      objectOf(
        2000,
        (i) => "/~".repeat(1 + (i % 50)) + "~".repeat(i % 7),
        (i) => i,
      ),
    ),
    right: json(
      objectOf(
        2000,
        (i) => "/~".repeat(1 + (i % 50)) + "~".repeat(i % 7),
        (i) => -i - 1,
      ),
    ),
  })),
  shape("cjk-keys-and-values", JSON_TYPE, () => ({
    left: json(
      objectOf(
        3000,
        (i) => cjk(20, i),
        (i) => cjk(90, i + 1e6),
      ),
    ),
    right: json(
      objectOf(
        3000,
        (i) => cjk(20, i),
        (i) => cjk(90, i + 2e6),
      ),
    ),
  })),
  // Values.
  shape("emoji-values", JSON_TYPE, () => ({
    left: json(range(4000, (i) => emoji(30, i))),
    right: json(range(4000, (i) => emoji(30, i + 1e6))),
  })),
  shape("emoji-long-strings-cut-mid-pair", JSON_TYPE, () => ({
    left: json(range(300, (i) => `x${emoji(400, i)}`)),
    right: json(range(300, (i) => `y${emoji(400, i)}`)),
  })),
  shape("one-1mib-string-value", JSON_TYPE, () => ({
    left: json({ v: `${"a".repeat(MIB - 20)}L` }),
    right: json({ v: `${"a".repeat(MIB - 20)}R` }),
  })),
  shape("escaped-quotes-and-backslashes", JSON_TYPE, () => ({
    left: json(range(40_000, (i) => `"\\${i}"\\`)),
    right: json(range(40_000, (i) => `\\"${i}\\"`)),
  })),
  shape("lone-surrogates", JSON_TYPE, () => ({
    left: json(range(20_000, (i) => `\ud800${i}\udfff`)),
    right: json(range(20_000, (i) => `\udc00${i}\ud8ff`)),
  })),
  shape("extreme-numbers", JSON_TYPE, () => ({
    left: json(range(50_000, (i) => (i % 2 ? 1.7976931348623157e308 : 5e-324))),
    right: json(range(50_000, (i) => (i % 2 ? -1.7976931348623157e308 : -5e-324))),
  })),
  shape("null-vs-subtrees", JSON_TYPE, () => ({
    left: json(range(20_000, () => null)),
    right: json(range(20_000, (i) => ({ i, tags: ["a", "b"], deep: { x: [i] } }))),
  })),
  // Text.
  shape("text-one-1mib-line", TEXT_TYPE, () => ({
    left: `${"x".repeat(MIB - 1)}L`,
    right: `${"x".repeat(MIB - 1)}R`,
  })),
  shape("text-100k-short-lines-every-other-differs", TEXT_TYPE, () => ({
    left: lines(100_000, (i) => `line ${i}`),
    right: lines(100_000, (i) => (i % 2 ? `LINE ${i}` : `line ${i}`)),
  })),
  shape("text-100k-short-lines-all-differ", TEXT_TYPE, () => ({
    left: lines(100_000, (i) => `a${i}`),
    right: lines(100_000, (i) => `b${i}`),
  })),
  shape("text-100k-lines-shifted-by-one", TEXT_TYPE, () => ({
    left: lines(100_000, (i) => `row ${i}`),
    right: `inserted\n${lines(100_000, (i) => `row ${i}`)}`,
  })),
  shape("text-control-characters", TEXT_TYPE, () => ({
    // 1 MiB of \u0001 is 6 MiB as a JSON string: the stored text must be cut to fit the row.
    left: "\u0001".repeat(MIB),
    right: `${"\u0001".repeat(MIB - 1)}\u0002`,
  })),
  shape("text-cjk-lines", TEXT_TYPE, () => ({
    left: lines(2000, (i) => cjk(170, i)),
    right: lines(2000, (i) => cjk(170, i + 1e6)),
  })),
  shape("json-label-on-truncated-json", JSON_TYPE, () => ({
    left: json(range(300_000, (i) => i)),
    right: json(range(300_000, (i) => i + 1)),
  })),
  shape("json-versus-html", TEXT_TYPE, () => ({
    left: json({ ok: true }),
    right: `<html><body>${"<p>error</p>".repeat(50_000)}</body></html>`,
  })),
  shape("binary-random", "application/octet-stream", () => ({
    left: randomBytes(MIB, 1),
    right: randomBytes(MIB, 2),
  })),
];
