/**
 * Both signal envelopes side by side, on demand: status, timing, redirect chain, body summary
 * and every header, one row each, with the rows the diff reported marked. Headers the default
 * ignore rules skip (date, request ids, …) are here too, as sent, which is often the quickest
 * way to see why two responses that look different count as identical.
 */
import type { ReactNode } from "react";
import { headerIgnorer } from "../../diff/rules";
import type { SignalEnvelope } from "../../shapes/envelope";
import { formatBytes, formatMs } from "../format";

interface EnvelopeCompareProps {
  left: SignalEnvelope | null;
  right: SignalEnvelope | null;
  /** Paths of the reported differences, e.g. /status, /headers/x-app-version. */
  differingPaths: Set<string>;
  /** The request's own ignoreHeaders, added to the diff's defaults. */
  ignoreHeaders: readonly string[];
}

type Cell = (envelope: SignalEnvelope) => ReactNode;

function statusCell(envelope: SignalEnvelope): ReactNode {
  if (envelope.error) return <span className="text-high">{`${envelope.error.code}: ${envelope.error.message}`}</span>;
  return `${envelope.status ?? "—"} ${envelope.statusText ?? ""}`.trim();
}

function redirectsCell(envelope: SignalEnvelope): ReactNode {
  if (envelope.redirects.length === 0) return <span className="muted">none</span>;
  return (
    <ol className="redirects">
      {envelope.redirects.map((hop, index) => (
        // Hops have no id of their own; their position in the chain is what identifies them.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <li key={index}>
          <code>{hop.status}</code> {hop.url} → {hop.location ?? "(no Location)"}
        </li>
      ))}
    </ol>
  );
}

function bodyCell(envelope: SignalEnvelope): ReactNode {
  const body = envelope.body;
  if (!body) return <span className="muted">no body</span>;
  return (
    <>
      {body.kind}, {formatBytes(body.bytes)}
      {body.truncated ? " (truncated at 1 MiB)" : ""}
      {body.contentType ? <span className="muted"> · {body.contentType}</span> : null}
      <br />
      <code className="muted" title={body.sha256}>
        sha256 {body.sha256.slice(0, 16)}…
      </code>
    </>
  );
}

const SIGNAL_ROWS: [label: string, path: string, cell: Cell][] = [
  ["Status", "/status", statusCell],
  ["Final URL", "/finalUrl", (e) => <span className="break">{e.finalUrl}</span>],
  ["Total time", "/timing/totalMs", (e) => formatMs(e.timing.totalMs)],
  ["Time to headers", "/timing/headersMs", (e) => formatMs(e.timing.headersMs)],
  ["Redirects", "/redirects", redirectsCell],
  ["Body", "/body", bodyCell],
];

function Row({
  label,
  path,
  differs,
  left,
  right,
}: {
  label: ReactNode;
  path: string;
  differs: boolean;
  left: ReactNode;
  right: ReactNode;
}) {
  return (
    <tr className={differs ? "row-differs" : undefined} title={path}>
      <th scope="row">
        {label}
        {differs ? (
          <span className="differs-mark">
            {" "}
            ≠<span className="visually-hidden"> differs</span>
          </span>
        ) : null}
      </th>
      <td>{left}</td>
      <td>{right}</td>
    </tr>
  );
}

export function EnvelopeCompare({ left, right, differingPaths, ignoreHeaders }: EnvelopeCompareProps) {
  // The diff's own predicate (pure, no zod), so "ignored" here means exactly what it means there.
  const ignored = headerIgnorer(ignoreHeaders);
  const show = (envelope: SignalEnvelope | null, cell: Cell) =>
    envelope ? cell(envelope) : <span className="muted">not probed</span>;
  const differs = (path: string) => [...differingPaths].some((p) => p === path || p.startsWith(`${path}/`));
  const headerNames = [...new Set([...Object.keys(left?.headers ?? {}), ...Object.keys(right?.headers ?? {})])].sort();

  return (
    <div className="table-scroll">
      <table className="envelope-table">
        <thead>
          <tr>
            <th scope="col">Signal</th>
            <th scope="col">Left</th>
            <th scope="col">Right</th>
          </tr>
        </thead>
        <tbody>
          {SIGNAL_ROWS.map(([label, path, cell]) => (
            <Row
              key={path}
              label={label}
              path={path}
              differs={differs(path)}
              left={show(left, cell)}
              right={show(right, cell)}
            />
          ))}
        </tbody>
        <tbody>
          <tr className="section-row">
            <th scope="rowgroup" colSpan={3}>
              Headers ({headerNames.length})
            </th>
          </tr>
          {headerNames.map((name) => (
            <Row
              key={name}
              label={
                <>
                  <code>{name}</code>
                  {ignored(name) ? <span className="ignored-tag"> ignored</span> : null}
                </>
              }
              path={`/headers/${name}`}
              differs={differingPaths.has(`/headers/${name}`)}
              left={<span className="break">{left?.headers[name] ?? <span className="muted">absent</span>}</span>}
              right={<span className="break">{right?.headers[name] ?? <span className="muted">absent</span>}</span>}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
