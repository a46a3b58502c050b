/**
 * What a Slack or Microsoft Teams incoming webhook accepts, as strict zod schemas of the subset
 * envdiff sends: an unknown field, a block type, a text over a documented limit or an empty text is
 * refused, as the real service refuses it (`invalid_blocks`, or a card Teams will not render). No
 * npm package validates either format (Slack's @slack/types and Microsoft's adaptivecards are types
 * and a renderer, not validators), so the limits are restated from the two services' references:
 *
 * Slack (https://api.slack.com/reference/block-kit/blocks, …/composition-objects#text):
 * - a message: `text` (required with blocks, for notifications), at most 50 blocks;
 * - a text object: `plain_text` (with `emoji`) or `mrkdwn` (with `verbatim`), 1 to 3000 characters;
 * - header: a plain_text of at most 150 characters; block_id at most 255;
 * - section: `text` (≤ 3000) and/or `fields` (1 to 10, each ≤ 2000), at least one of them;
 * - context: 1 to 10 elements; divider.
 *
 * Teams (https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using,
 * https://adaptivecards.io/explorer): `{ type: "message", attachments: [{ contentType:
 * "application/vnd.microsoft.card.adaptive", contentUrl?, content: AdaptiveCard }] }`, a card of
 * version ≤ 1.5 (Teams' own limit), TextBlock, FactSet and Action.OpenUrl with their enums, and a
 * message of at most 28 KB.
 */
import { z } from "zod";

const plainText = (max: number) =>
  z.strictObject({ type: z.literal("plain_text"), text: z.string().min(1).max(max), emoji: z.boolean().optional() });
const mrkdwn = (max: number) =>
  z.strictObject({ type: z.literal("mrkdwn"), text: z.string().min(1).max(max), verbatim: z.boolean().optional() });
const textObject = (max: number) => z.discriminatedUnion("type", [plainText(max), mrkdwn(max)]);
const blockId = z.string().max(255).optional();

const header = z.strictObject({ type: z.literal("header"), text: plainText(150), block_id: blockId });
const section = z
  .strictObject({
    type: z.literal("section"),
    text: textObject(3000).optional(),
    fields: z.array(textObject(2000)).min(1).max(10).optional(),
    block_id: blockId,
  })
  .refine((s) => s.text !== undefined || s.fields !== undefined, "a section needs text or fields");
const context = z.strictObject({
  type: z.literal("context"),
  elements: z.array(textObject(3000)).min(1).max(10),
  block_id: blockId,
});
const divider = z.strictObject({ type: z.literal("divider"), block_id: blockId });

export const slackMessageSchema = z.strictObject({
  text: z.string().min(1).max(40_000),
  blocks: z
    .array(z.union([header, section, context, divider]))
    .min(1)
    .max(50)
    .optional(),
});

const spacing = z.enum(["None", "Small", "Default", "Medium", "Large", "ExtraLarge", "Padding"]).optional();
const textBlock = z.strictObject({
  type: z.literal("TextBlock"),
  text: z.string().min(1),
  wrap: z.boolean().optional(),
  size: z.enum(["Default", "Small", "Medium", "Large", "ExtraLarge"]).optional(),
  weight: z.enum(["Default", "Lighter", "Bolder"]).optional(),
  color: z.enum(["Default", "Dark", "Light", "Accent", "Good", "Warning", "Attention"]).optional(),
  isSubtle: z.boolean().optional(),
  maxLines: z.number().int().min(1).optional(),
  spacing,
  separator: z.boolean().optional(),
});
const factSet = z.strictObject({
  type: z.literal("FactSet"),
  facts: z.array(z.strictObject({ title: z.string(), value: z.string() })).min(1),
  spacing,
  separator: z.boolean().optional(),
});
const openUrl = z.strictObject({
  type: z.literal("Action.OpenUrl"),
  title: z.string().min(1),
  url: z.url({ protocol: /^https?$/ }),
});

export const adaptiveCardSchema = z.strictObject({
  $schema: z.literal("http://adaptivecards.io/schemas/adaptive-card.json").optional(),
  type: z.literal("AdaptiveCard"),
  version: z.enum(["1.0", "1.1", "1.2", "1.3", "1.4", "1.5"]),
  body: z.array(z.discriminatedUnion("type", [textBlock, factSet])).min(1),
  actions: z.array(openUrl).max(6).optional(),
  msteams: z.strictObject({ width: z.literal("Full") }).optional(),
});

export const teamsMessageSchema = z.strictObject({
  type: z.literal("message"),
  attachments: z
    .array(
      z.strictObject({
        contentType: z.literal("application/vnd.microsoft.card.adaptive"),
        contentUrl: z.string().nullable().optional(),
        content: adaptiveCardSchema,
      }),
    )
    .length(1),
});

/** Teams refuses a message over 28 KB. */
export const TEAMS_MAX_BYTES = 28 * 1024;

/** Why the chat would refuse `body`, or null when it accepts it. */
export function chatRefusal(kind: "slack" | "teams", body: string): string | null {
  if (kind === "teams" && new TextEncoder().encode(body).length > TEAMS_MAX_BYTES) return "message over 28 KB";
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return "invalid_payload";
  }
  const checked = (kind === "slack" ? slackMessageSchema : teamsMessageSchema).safeParse(parsed);
  return checked.success ? null : z.prettifyError(checked.error);
}
