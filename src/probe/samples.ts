/**
 * Probes one side `samples` times at once, under the same options, so the diff can tell what
 * varies on every response (noise) from what differs between the environments. Concurrent rather
 * than one after another: a second sample then costs one more request to the target and the
 * slower of two responses, not a second round trip (measured in `npm run bench`:
 * `second-sample-latency`). The stored envelope is the first sample, with the fastest timing.
 */
import type { Side, SignalEnvelope } from "../shapes/envelope";
import { type ProbeOptions, probe } from "./probe";

export async function probeSamples(
  url: string,
  side: Side,
  options: ProbeOptions & { samples: number },
): Promise<[SignalEnvelope, ...SignalEnvelope[]]> {
  const { samples, ...probeOptions } = options;
  const count = Math.max(1, Math.floor(samples));
  const [first, ...rest] = await Promise.all(Array.from({ length: count }, () => probe(url, side, probeOptions)));
  const stored = first as SignalEnvelope;
  // The side's latency is its fastest sample: a slow outlier (a cold connection, a busy host)
  // only ever adds time, and must not read as a latency difference between the environments.
  const answered = [stored, ...rest].filter((e) => e.ok && !e.error);
  const fastest = answered.reduce<SignalEnvelope | null>(
    (best, e) => (best === null || e.timing.totalMs < best.timing.totalMs ? e : best),
    null,
  );
  const timing = fastest && stored.ok && !stored.error ? { ...fastest.timing } : stored.timing;
  return [{ ...stored, timing }, ...rest];
}
