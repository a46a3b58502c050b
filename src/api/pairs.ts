/**
 * /api/pairs: the pair directory (D1) — every pair compared, most recently compared first —
 * each pair's timeline (from its object), its drift events and its watch.
 */
import { Hono } from "hono";
import { decodeCursor, encodeCursor } from "../cursor";
import { d1Db } from "../db/d1";
import { toPairEvent, toPairSummary } from "../directory/pair-shape";
import { getPair, getWatchedPair, listEvents, listPairs } from "../directory/store";
import { log } from "../log";
import { isPairKey } from "../pair-key";
import {
  eventsQuerySchema,
  listQuerySchema,
  pairKeyParamSchema,
  pairListQuerySchema,
  watchRequestSchema,
} from "../shapes/routes";
import { setWatch } from "../watches/settings";
import { deleteWatch } from "../watches/store";
import { pairWatchOf } from "../watches/watch-shape";
import { type AppEnv, createdBy, hasScope, requireScope, watchSetBy } from "./auth";
import { ApiError } from "./errors";
import { strictJsonBody } from "./json-body";
import { limitOptionsBody, requireJson, validate } from "./validate";

/** Events shown with a pair by GET /api/pairs/:pairKey; the events route pages further. */
const DETAIL_EVENTS = 20;

const unknownPair = (pairKey: string) =>
  new ApiError("not_found", `No pair ${pairKey} in the directory: compare its two URLs first.`);

export const pairsApi = new Hono<AppEnv>()
  .get("/", requireScope("read"), validate("query", pairListQuerySchema), async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const after = cursor === undefined ? null : decodeCursor(cursor, isPairKey);
    if (cursor !== undefined && !after)
      throw new ApiError("invalid_request", "Invalid cursor: pass a nextCursor back.");
    // One row more than asked tells whether another page exists without a count query.
    const rows = await listPairs(d1Db(c.env.DB), limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > limit && last ? encodeCursor({ at: last.pair.lastComparedAt, id: last.pair.pairKey }) : null;
    const view = { fullWebhookUrl: hasScope(c, "admin") };
    return c.json({ pairs: page.map((row) => toPairSummary(row, view)), nextCursor });
  })
  .get("/:pairKey", requireScope("read"), validate("param", pairKeyParamSchema), async (c) => {
    const { pairKey } = c.req.valid("param");
    const db = d1Db(c.env.DB);
    const [pair, events] = await Promise.all([getWatchedPair(db, pairKey), listEvents(db, pairKey, DETAIL_EVENTS)]);
    if (!pair) throw unknownPair(pairKey);
    const view = { fullWebhookUrl: hasScope(c, "admin") };
    return c.json({ pair: toPairSummary(pair, view), events: events.map(toPairEvent) });
  })
  .get(
    "/:pairKey/events",
    requireScope("read"),
    validate("param", pairKeyParamSchema),
    validate("query", eventsQuerySchema),
    async (c) => {
      const { pairKey } = c.req.valid("param");
      const { limit } = c.req.valid("query");
      const db = d1Db(c.env.DB);
      if (!(await getPair(db, pairKey))) throw unknownPair(pairKey);
      const events = await listEvents(db, pairKey, limit);
      return c.json({ pairKey, events: events.map(toPairEvent) });
    },
  )
  .get(
    "/:pairKey/comparisons",
    requireScope("read"),
    validate("param", pairKeyParamSchema),
    validate("query", listQuerySchema),
    async (c) => {
      const { pairKey } = c.req.valid("param");
      const { limit } = c.req.valid("query");
      const stub = c.env.ENV_PAIR.getByName(pairKey);
      const [capacity, comparisons] = await Promise.all([stub.capacity(), stub.listComparisons(limit)]);
      // A pair's ring is never empty once compared; an empty one is a pair nobody compared (or one
      // whose object was reset): 404 like the other pair routes, unless the directory knows it.
      if (comparisons.length === 0 && !(await getPair(d1Db(c.env.DB), pairKey))) throw unknownPair(pairKey);
      return c.json({ pairKey, capacity, comparisons });
    },
  )
  .put(
    "/:pairKey/watch",
    requireScope("admin"),
    requireJson,
    limitOptionsBody,
    strictJsonBody,
    validate("param", pairKeyParamSchema),
    validate("json", watchRequestSchema),
    async (c) => {
      const { pairKey } = c.req.valid("param");
      const db = d1Db(c.env.DB);
      const { watch, webhookSecret } = await setWatch(
        c.env,
        db,
        { kind: "pair", id: pairKey },
        c.req.valid("json"),
        async () => {
          const pair = await getPair(db, pairKey);
          if (!pair) throw unknownPair(pairKey);
          return {
            newest: { comparisonId: pair.lastComparisonId },
            urls: { left: pair.leftUrl, right: pair.rightUrl },
          };
        },
        watchSetBy(c),
      );
      const shown = pairWatchOf(watch, { fullWebhookUrl: true }, Date.now());
      return c.json(webhookSecret === null ? { pairKey, watch: shown } : { pairKey, watch: shown, webhookSecret });
    },
  )
  .delete("/:pairKey/watch", requireScope("admin"), validate("param", pairKeyParamSchema), async (c) => {
    const { pairKey } = c.req.valid("param");
    const db = d1Db(c.env.DB);
    if (!(await getPair(db, pairKey))) throw unknownPair(pairKey);
    await deleteWatch(db, { kind: "pair", id: pairKey });
    // The row keeps no trace of a deleted watch, so who deleted it is in the log.
    log("info", "watch.deleted", { pairKey, by: createdBy(c) });
    return c.body(null, 204);
  });
