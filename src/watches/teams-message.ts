/**
 * A drift message in the format a Microsoft Teams incoming webhook (or a Teams workflow's "when a
 * webhook request is received") posts: a `message` with one Adaptive Card 1.4 attachment. The card
 * has a title, a fact set (the two environments, the verdict, the counts), one line per change and
 * an "Open in envdiff" action. Every string from a target or a user goes through chat-text.ts, so
 * it cannot format, link or mention (Adaptive Card text reads a subset of Markdown).
 */
import { teamsEscape } from "./chat-text";
import { countsText, type DriftMessage, headline, type MessageChange } from "./drift-message";

export const ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

const MAX_URL = 300;
const MAX_WHERE = 200;
const MAX_VALUE = 80;

interface TextBlock {
  type: "TextBlock";
  text: string;
  wrap: true;
  size?: "Large" | "Medium" | "Small";
  weight?: "Bolder";
  color?: "Attention" | "Good";
  isSubtle?: boolean;
  spacing?: "Medium" | "Small";
}
interface FactSet {
  type: "FactSet";
  facts: { title: string; value: string }[];
}

export interface AdaptiveCard {
  $schema: "http://adaptivecards.io/schemas/adaptive-card.json";
  type: "AdaptiveCard";
  version: "1.4";
  body: (TextBlock | FactSet)[];
  actions?: { type: "Action.OpenUrl"; title: string; url: string }[];
  msteams: { width: "Full" };
}

export interface TeamsMessage {
  type: "message";
  attachments: { contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE; contentUrl: null; content: AdaptiveCard }[];
}

const text = (value: string, extra: Partial<TextBlock> = {}): TextBlock => ({
  type: "TextBlock",
  text: value,
  wrap: true,
  ...extra,
});

function changeLine(change: MessageChange): string {
  const severity = change.severity === null ? "" : `**${change.severity}** `;
  const mark = change.isNew ? "NEW " : "";
  const value = (v: string | null) => (v === null ? "(absent)" : teamsEscape(v, MAX_VALUE));
  const values =
    change.left === null && change.right === null ? "" : `: ${value(change.left)} → ${value(change.right)}`;
  const note = change.note === null ? "" : ` (${teamsEscape(change.note, 100)})`;
  const consequences =
    change.consequences > 0 ? ` *(+${change.consequences} consequence${change.consequences === 1 ? "" : "s"})*` : "";
  return `${mark}${severity}${teamsEscape(change.kind, 40)} ${teamsEscape(change.where, MAX_WHERE)}${values}${note}${consequences}`;
}

export function teamsMessage(message: DriftMessage): TeamsMessage {
  const suite = message.subject.kind === "suite";
  const side = (s: DriftMessage["left"]) => ({
    title: teamsEscape(`${s.label}${suite ? " (base)" : ""}`, 60),
    value: teamsEscape(s.url, MAX_URL),
  });
  const verdict = `${message.verdict}${message.scope === null ? "" : ` (${message.scope})`}`;
  const body: AdaptiveCard["body"] = [
    text(teamsEscape(headline(message), 150), {
      size: "Large",
      weight: "Bolder",
      ...(message.drift.newHigh > 0 ? { color: "Attention" as const } : {}),
    }),
    {
      type: "FactSet",
      facts: [
        side(message.left),
        side(message.right),
        { title: "Verdict", value: teamsEscape(verdict, 200) },
        { title: "Differences (causes)", value: countsText(message.counts) },
      ],
    },
  ];
  if (message.changes.length > 0) {
    body.push(
      text(suite ? "Paths that differ (new first)" : "What changed (new first)", {
        weight: "Bolder",
        spacing: "Medium",
      }),
    );
    for (const change of message.changes) body.push(text(changeLine(change), { spacing: "Small" }));
    if (message.unlisted > 0) body.push(text(`…and ${message.unlisted} more`, { isSubtle: true, spacing: "Small" }));
  }
  if (message.inconclusive.length > 0) {
    body.push(text("Could not settle", { weight: "Bolder", spacing: "Medium" }));
    for (const line of message.inconclusive.slice(0, 8))
      body.push(text(teamsEscape(line, MAX_WHERE), { spacing: "Small" }));
  }
  const subject =
    message.subject.kind === "pair"
      ? `envdiff comparison ${message.subject.comparisonId}`
      : `envdiff suite ${message.subject.suiteId}${message.subject.runNumber === null ? "" : `, run ${message.subject.runNumber}`}`;
  body.push(text(teamsEscape(subject, 200), { isSubtle: true, spacing: "Medium" }));
  const card: AdaptiveCard = {
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    type: "AdaptiveCard",
    version: "1.4",
    body,
    ...(message.pageUrl === null
      ? {}
      : { actions: [{ type: "Action.OpenUrl" as const, title: "Open in envdiff", url: message.pageUrl }] }),
    msteams: { width: "Full" },
  };
  return {
    type: "message",
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, contentUrl: null, content: card }],
  };
}
