/**
 * A pair's drift events, newest first: when a comparison of the watched pair found a new high
 * difference, or saw one resolved. Each names the paths concerned and links to its comparison.
 */
import type { PairEvent } from "../../shapes/pair";
import { formatRelative, formatTime } from "../format";
import { describeEvent } from "../pair-text";
import type { View } from "../use-url-view";
import { SeverityBadge } from "./badges";
import { ViewLink } from "./view-link";

/** Paths listed inline per event; the comparison has them all. */
const SHOWN_ITEMS = 3;

interface DriftEventsProps {
  events: PairEvent[];
  watched: boolean;
  onNavigate: (view: View) => void;
}

function EventItem({ event, onNavigate }: { event: PairEvent; onNavigate: (view: View) => void }) {
  const text = describeEvent(event);
  const more = text.count - Math.min(text.items.length, SHOWN_ITEMS);
  return (
    <li className="event">
      <time dateTime={event.createdAt} title={formatTime(event.createdAt)}>
        {formatRelative(event.createdAt)}
      </time>
      {event.kind === "new_high" ? (
        <SeverityBadge severity="high" label="new high" />
      ) : (
        <SeverityBadge severity="none" label="resolved" />
      )}
      <span className="event-text">
        <span className="event-title">{text.title}</span>
        {text.items.length > 0 ? (
          <span className="event-paths">
            {text.items.slice(0, SHOWN_ITEMS).map((item) => (
              <code key={`${item.kind} ${item.path}`}>{item.path}</code>
            ))}
            {more > 0 ? <span className="muted"> and {more} more</span> : null}
          </span>
        ) : null}
      </span>
      <ViewLink to={{ kind: "comparison", id: event.comparisonId }} onNavigate={onNavigate} className="event-link">
        Open comparison
      </ViewLink>
    </li>
  );
}

export function DriftEvents({ events, watched, onNavigate }: DriftEventsProps) {
  return (
    <section className="drift" aria-labelledby="drift-title">
      <h3 id="drift-title">
        Drift events <span className="count">{events.length}</span>
      </h3>
      {events.length === 0 ? (
        <p className="muted small">
          {watched
            ? "None yet. While the pair is watched, each comparison that finds a new high difference, or sees one resolved, is recorded here."
            : "Drift is recorded while the pair is watched: each comparison that finds a new high difference, or sees one resolved."}
        </p>
      ) : (
        <ol className="events">
          {events.map((event) => (
            <EventItem key={event.id} event={event} onNavigate={onNavigate} />
          ))}
        </ol>
      )}
    </section>
  );
}
