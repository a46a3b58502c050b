/**
 * A drift message in Slack's incoming-webhook format: a `text` fallback (notifications, and
 * clients that cannot show blocks) and Block Kit `blocks`: a header, a section of fields (the two
 * environments, the verdict, the counts), a section listing what changed, and a context line with
 * the link to the page. Within Slack's documented limits (https://api.slack.com/reference/block-kit):
 * a header's plain_text ≤ 150 characters, a section's text ≤ 3000, a field's ≤ 2000 and ≤ 10 fields,
 * ≤ 50 blocks, a context's ≤ 10 elements. Every string from a target or a user goes through
 * chat-text.ts, so it cannot mention, link or format.
 */
import { oneLine, slackCode, slackEscape, slackPlain } from "./chat-text";
import { countsText, type DriftMessage, headline, type MessageChange } from "./drift-message";

export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  blocks: 50,
  contextElements: 10,
} as const;

/** A URL or path shown in a field or a line, cut well inside a field's limit. */
const MAX_URL = 300;
const MAX_WHERE = 200;
const MAX_VALUE = 80;

type Text = { type: "mrkdwn"; text: string } | { type: "plain_text"; text: string; emoji?: boolean };

export interface SlackMessage {
  text: string;
  blocks: (
    | { type: "header"; text: { type: "plain_text"; text: string; emoji?: boolean } }
    | { type: "section"; text?: Text; fields?: Text[] }
    | { type: "context"; elements: Text[] }
  )[];
}

const mrkdwn = (text: string): Text => ({ type: "mrkdwn", text });

function changeLine(change: MessageChange): string {
  const severity = change.severity === null ? "" : `*${change.severity}*`;
  const mark = change.isNew ? "🆕 " : "";
  const values =
    change.left === null && change.right === null
      ? ""
      : `: ${change.left === null ? "(absent)" : slackCode(change.left, MAX_VALUE)} → ${change.right === null ? "(absent)" : slackCode(change.right, MAX_VALUE)}`;
  const note = change.note === null ? "" : ` (${slackEscape(change.note)})`;
  const consequences =
    change.consequences > 0 ? ` _(+${change.consequences} consequence${change.consequences === 1 ? "" : "s"})_` : "";
  return `• ${mark}${severity} ${slackEscape(change.kind)} ${slackCode(change.where, MAX_WHERE)}${values}${note}${consequences}`;
}

/** Lines that fit a section's text, with a marker line for what did not. */
function fitLines(title: string, lines: string[], unlisted: number): string {
  const budget = SLACK_LIMITS.sectionText - 40;
  let text = title;
  let shown = 0;
  for (const line of lines) {
    if (text.length + 1 + line.length > budget) break;
    text += `\n${line}`;
    shown++;
  }
  const left = lines.length - shown + unlisted;
  if (left > 0) text += `\n_…and ${left} more_`;
  return text;
}

function sideField(side: DriftMessage["left"], base: boolean): Text {
  return mrkdwn(`*${slackPlain(side.label, 60)}*${base ? " (base)" : ""}\n${slackCode(side.url, MAX_URL)}`);
}

export function slackMessage(message: DriftMessage): SlackMessage {
  const title = headline(message);
  const suite = message.subject.kind === "suite";
  const fields = [
    sideField(message.left, suite),
    sideField(message.right, suite),
    mrkdwn(`*Verdict*\n${message.verdict}${message.scope === null ? "" : ` (${slackEscape(message.scope)})`}`),
    mrkdwn(`*Differences (causes)*\n${countsText(message.counts)}`),
  ];
  const blocks: SlackMessage["blocks"] = [
    { type: "header", text: { type: "plain_text", text: oneLine(title, SLACK_LIMITS.headerText), emoji: true } },
    { type: "section", fields },
  ];
  if (message.changes.length > 0) {
    const what = suite ? "*Paths that differ* (new first)" : "*What changed* (new first)";
    blocks.push({ type: "section", text: mrkdwn(fitLines(what, message.changes.map(changeLine), message.unlisted)) });
  }
  if (message.inconclusive.length > 0) {
    const lines = message.inconclusive.map((line) => `• ${slackPlain(line, MAX_WHERE)}`);
    blocks.push({ type: "section", text: mrkdwn(fitLines("*Could not settle*", lines, 0)) });
  }
  blocks.push({ type: "context", elements: [mrkdwn(contextLine(message))] });
  return { text: slackPlain(`${title}: ${countsText(message.counts)}`, 300), blocks };
}

function contextLine(message: DriftMessage): string {
  const subject =
    message.subject.kind === "pair"
      ? `comparison ${slackCode(message.subject.comparisonId, 120)}`
      : `suite ${slackCode(message.subject.suiteId, 60)}${message.subject.runNumber === null ? "" : `, run ${message.subject.runNumber}`}`;
  // The page's own URL (an origin envdiff parsed, a query it encoded): `<`, `>` and `|` cannot occur in it.
  const link = message.pageUrl === null ? "" : `<${slackEscape(message.pageUrl)}|Open in envdiff> · `;
  return `${link}envdiff ${subject}`;
}
