/**
 * /api/pairs: the pair directory (D1) — every pair compared, most recently compared first —
 * each pair's timeline (from its object), its drift events and its watch.
 */
import { Hono } from "hono";
import { decodeCursor, encodeCursor } from "../directory/cursor";
import { toPairEvent, toPairSummary } from "../directory/rows";
import { clearWatch, directoryDb, getPair, listEvents, listPairs, setWatch } from "../directory/store";
import { newWebhookSecret } from "../directory/webhook";
import { checkTarget } from "../probe/url-guard";
import { ApiError } from "./errors";
import {
  eventsQuerySchema,
  listQuerySchema,
  pairKeyParamSchema,
  pairListQuerySchema,
  watchRequestSchema,
} from "./schemas";
import { limitBody, requireJson, validate } from "./validate";

/** Events shown with a pair by GET /api/pairs/:pairKey; the events route pages further. */
const DETAIL_EVENTS = 20;

const unknownPair = (pairKey: string) =>
  new ApiError("not_found", `No pair ${pairKey} in the directory: compare its two URLs first.`);

export const pairsApi = new Hono<{ Bindings: Env }>()
  .get("/", validate("query", pairListQuerySchema), async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const after = cursor === undefined ? null : decodeCursor(cursor);
    if (cursor !== undefined && !after)
      throw new ApiError("invalid_request", "Invalid cursor: pass a nextCursor back.");
    // One row more than asked tells whether another page exists without a count query.
    const rows = await listPairs(directoryDb(c.env.DB), limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor = rows.length > limit && last ? encodeCursor(last) : null;
    return c.json({ pairs: page.map(toPairSummary), nextCursor });
  })
  .get("/:pairKey", validate("param", pairKeyParamSchema), async (c) => {
    const { pairKey } = c.req.valid("param");
    const db = directoryDb(c.env.DB);
    const [pair, events] = await Promise.all([getPair(db, pairKey), listEvents(db, pairKey, DETAIL_EVENTS)]);
    if (!pair) throw unknownPair(pairKey);
    return c.json({ pair: toPairSummary(pair), events: events.map(toPairEvent) });
  })
  .get("/:pairKey/events", validate("param", pairKeyParamSchema), validate("query", eventsQuerySchema), async (c) => {
    const { pairKey } = c.req.valid("param");
    const { limit } = c.req.valid("query");
    const db = directoryDb(c.env.DB);
    if (!(await getPair(db, pairKey))) throw unknownPair(pairKey);
    const events = await listEvents(db, pairKey, limit);
    return c.json({ pairKey, events: events.map(toPairEvent) });
  })
  .get(
    "/:pairKey/comparisons",
    validate("param", pairKeyParamSchema),
    validate("query", listQuerySchema),
    async (c) => {
      const { pairKey } = c.req.valid("param");
      const { limit } = c.req.valid("query");
      const stub = c.env.ENV_PAIR.getByName(pairKey);
      const [capacity, comparisons] = await Promise.all([stub.capacity(), stub.listComparisons(limit)]);
      // A pair's ring is never empty once compared; an empty one is a pair nobody compared (or one
      // whose object was reset): 404 like the other pair routes, unless the directory knows it.
      if (comparisons.length === 0 && !(await getPair(directoryDb(c.env.DB), pairKey))) throw unknownPair(pairKey);
      return c.json({ pairKey, capacity, comparisons });
    },
  )
  .put(
    "/:pairKey/watch",
    requireJson,
    limitBody,
    validate("param", pairKeyParamSchema),
    validate("json", watchRequestSchema),
    async (c) => {
      const { pairKey } = c.req.valid("param");
      const { intervalMinutes, enabled, webhookUrl = null } = c.req.valid("json");
      if (webhookUrl !== null) {
        // The same guard as the probes: a webhook is a request envdiff sends on the user's behalf.
        const verdict = checkTarget(webhookUrl, { allowPrivate: c.env.ALLOW_PRIVATE_TARGETS === "true" });
        if (!verdict.ok) {
          throw new ApiError("blocked_target", `webhookUrl is not allowed: ${verdict.reason}`, { field: "webhookUrl" });
        }
      }
      const db = directoryDb(c.env.DB);
      const pair = await getPair(db, pairKey);
      if (!pair) throw unknownPair(pairKey);
      // A secret is shown once, so it only changes with the URL: re-PUTting the interval keeps it.
      const keepSecret = webhookUrl !== null && webhookUrl === pair.watchWebhookUrl && pair.watchWebhookSecret !== null;
      const webhookSecret = webhookUrl === null ? null : keepSecret ? pair.watchWebhookSecret : newWebhookSecret();
      // A new or re-timed watch is due at once; an unchanged one keeps its schedule.
      const unchanged = pair.watchEnabled && pair.watchIntervalMinutes === intervalMinutes;
      const nextDueAt = !enabled ? null : unchanged ? pair.watchNextDueAt : Date.now();
      if (!(await setWatch(db, pairKey, { intervalMinutes, enabled, webhookUrl, webhookSecret, nextDueAt }))) {
        throw unknownPair(pairKey);
      }
      const updated = await getPair(db, pairKey);
      const watch = updated ? toPairSummary(updated).watch : null;
      if (!watch) throw unknownPair(pairKey);
      const fresh = webhookSecret !== null && !keepSecret;
      return c.json(fresh ? { pairKey, watch, webhookSecret } : { pairKey, watch });
    },
  )
  .delete("/:pairKey/watch", validate("param", pairKeyParamSchema), async (c) => {
    const { pairKey } = c.req.valid("param");
    if (!(await clearWatch(directoryDb(c.env.DB), pairKey))) throw unknownPair(pairKey);
    return c.body(null, 204);
  });
