/**
 * What a comparison concluded (issue 23): its verdict, why it is inconclusive when it is, and the
 * latency samples of both sides with the rule they were judged by. Results stored before issue 23
 * have none of it and show nothing here.
 */
import { describeInconclusive } from "../../explain/inconclusive";
import type { SideLabels } from "../../explain/labels";
import type { ComparisonResult, TimingVerdict } from "../../shapes/result";

const VERDICT_TEXT = {
  identical: "Identical",
  different: "Different",
  inconclusive: "Inconclusive",
} as const;

const TIMING_TEXT: Record<TimingVerdict["verdict"], (labels: SideLabels) => string> = {
  same: () => "Latency: the same",
  slower: (l) => `Latency: ${l.right} is slower than ${l.left}`,
  faster: (l) => `Latency: ${l.right} is faster than ${l.left}`,
  unstable: () => "Latency: unstable, it cannot be judged",
};

export function VerdictBanner({ result, labels }: { result: ComparisonResult; labels: SideLabels }) {
  if (!result.verdict) return null;
  const reasons = result.inconclusive ?? [];
  return (
    <section className={`verdict verdict-${result.verdict}`} aria-label="Verdict">
      <strong>{VERDICT_TEXT[result.verdict]}</strong>
      {reasons.length > 0 ? (
        <ul className="verdict-reasons">
          {reasons.map((reason) => (
            <li key={`${reason.reason}:${reason.side ?? ""}:${reason.path ?? ""}`}>
              <code>{reason.reason}</code> {describeInconclusive(reason, labels)}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function Samples({ label, ms }: { label: string; ms: readonly number[] }) {
  return (
    <li>
      <span className="muted">{label}:</span> {ms.map((t) => `${Math.round(t)} ms`).join(", ") || "none"}
    </li>
  );
}

export function TimingSamples({ timing, labels }: { timing: TimingVerdict | undefined; labels: SideLabels }) {
  if (!timing) return null;
  return (
    <details className="timing-samples" open={timing.verdict !== "same"}>
      <summary>{TIMING_TEXT[timing.verdict](labels)}</summary>
      <ul>
        <Samples label={labels.left} ms={timing.leftMs} />
        <Samples label={labels.right} ms={timing.rightMs} />
      </ul>
      <p className="muted small">Judged on every sample, in the order taken: {timing.rule}.</p>
    </details>
  );
}
