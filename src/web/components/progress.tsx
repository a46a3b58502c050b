/**
 * Progress of a running comparison: which side has answered (a probe is stored as soon as it
 * arrives), then the diff and the explanation. It sits in an aria-live region, so screen reader
 * users hear each step without moving focus.
 */
import type { ProbeOutline } from "../../shapes/routes";
import { formatMs } from "../format";

interface ProgressProps {
  left: ProbeOutline | null;
  right: ProbeOutline | null;
}

function SideStep({ side, envelope }: { side: "Left" | "Right"; envelope: ProbeOutline | null }) {
  if (!envelope) {
    return (
      <li className="step step-pending">
        <span className="spinner" aria-hidden="true" /> Probing the {side.toLowerCase()} URL…
      </li>
    );
  }
  const outcome = envelope.error
    ? `could not be read (${envelope.error.code})`
    : `answered ${envelope.status ?? ""} in ${formatMs(envelope.timing.totalMs)}`;
  return (
    <li className="step step-done">
      <span className="step-icon" aria-hidden="true">
        ✓
      </span>{" "}
      {side} {outcome}
    </li>
  );
}

export function Progress({ left, right }: ProgressProps) {
  const bothProbed = left !== null && right !== null;
  return (
    <ol className="progress" aria-label="Progress">
      <SideStep side="Left" envelope={left} />
      <SideStep side="Right" envelope={right} />
      <li className={`step ${bothProbed ? "step-pending" : "step-waiting"}`}>
        {bothProbed ? (
          <span className="spinner" aria-hidden="true" />
        ) : (
          <span className="step-icon" aria-hidden="true">
            ·
          </span>
        )}{" "}
        Comparing and explaining
      </li>
    </ol>
  );
}
