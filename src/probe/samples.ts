/**
 * Probes one side `samples` times at once, under the same options, so the diff can tell what
 * varies on every response (noise) from what differs between the environments. Concurrent rather
 * than one after another: a second sample then costs one more request to the target and the
 * slower of two responses, not a second round trip (measured in `npm run bench`:
 * `second-sample-latency`). The first sample is the one stored; every sample keeps its own timing,
 * because latency is judged on all of them (src/diff/timing.ts).
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
  return [first as SignalEnvelope, ...rest];
}
