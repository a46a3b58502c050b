/**
 * One pair in the start view: both URLs shortened (the path or host they share said once), when it was
 * last compared, what that comparison found, and whether a watch compares it on a schedule. The
 * whole row is one link to the pair's view; each cell says what it is to a screen reader.
 */
import type { PairSummary } from "../../shapes/pair";
import { formatRelative, formatTime } from "../format";
import { describePair, formatInterval } from "../pair-text";
import type { View } from "../use-url-view";
import { CountBadges } from "./badges";
import { ViewLink } from "./view-link";

export function WatchIndicator({ watch }: { watch: PairSummary["watch"] }) {
  if (!watch) return null;
  if (!watch.enabled) return <span className="watch-indicator watch-paused">Watch paused</span>;
  return (
    <span className="watch-indicator" title={`Compared ${formatInterval(watch.intervalMinutes)} by a watch`}>
      <span className="watch-dot" aria-hidden="true" />
      Watched, {formatInterval(watch.intervalMinutes, true)}
    </span>
  );
}

export function PairRow({ pair, onNavigate }: { pair: PairSummary; onNavigate: (view: View) => void }) {
  const label = describePair(pair.leftUrl, pair.rightUrl);
  return (
    <li>
      <ViewLink
        to={{ kind: "pair", pairKey: pair.pairKey }}
        onNavigate={onNavigate}
        className="pair-row"
        title={`${pair.leftUrl} → ${pair.rightUrl}`}
      >
        <span className="pair-urls">
          <span className="pair-hosts">
            <span className="pair-url">{label.left}</span>
            <span className="pair-arrow" aria-hidden="true">
              →
            </span>
            <span className="visually-hidden"> compared with </span>
            <span className="pair-url">{label.right}</span>
          </span>
          {label.shared ? (
            <span className="pair-path">
              <span className="visually-hidden">on </span>
              {label.shared}
            </span>
          ) : null}
        </span>
        <span className="pair-when">
          <span className="visually-hidden">Last compared </span>
          <time dateTime={pair.lastComparedAt} title={formatTime(pair.lastComparedAt)}>
            {formatRelative(pair.lastComparedAt)}
          </time>
        </span>
        <span className="pair-outcome">
          <span className="visually-hidden">Last result: </span>
          <CountBadges counts={pair.lastSummary} status={pair.lastStatus} />
        </span>
        <span className="pair-watch">
          <WatchIndicator watch={pair.watch} />
        </span>
      </ViewLink>
    </li>
  );
}
