/** PUT/DELETE /api/suites/:suiteId/watch: a suite run on the cron tick, with one webhook per run. */
import { Hono } from "hono";
import { d1Db } from "../db/d1";
import { suiteIdParamSchema, suiteWatchRequestSchema } from "../shapes/suite-routes";
import { getSuite } from "../suites/store";
import { setWatch } from "../watches/settings";
import { deleteWatch } from "../watches/store";
import { scheduleOf } from "../watches/watch-shape";
import { type AppEnv, requireScope, watchSetBy } from "./auth";
import { ApiError } from "./errors";
import { strictJsonBody } from "./json-body";
import { limitBody, requireJson, validate } from "./validate";

const unknownSuite = (suiteId: string) => new ApiError("not_found", `No suite ${suiteId}.`);

export const suiteWatchApi = new Hono<AppEnv>()
  .put(
    "/:suiteId/watch",
    requireScope("admin"),
    requireJson,
    limitBody,
    strictJsonBody,
    validate("param", suiteIdParamSchema),
    validate("json", suiteWatchRequestSchema),
    async (c) => {
      const { suiteId } = c.req.valid("param");
      const db = d1Db(c.env.DB);
      const target = { kind: "suite", id: suiteId } as const;
      const { watch, webhookSecret } = await setWatch(
        c.env,
        db,
        target,
        c.req.valid("json"),
        async () => {
          if (!(await getSuite(db, suiteId))) throw unknownSuite(suiteId);
          // A suite runs with its own options: its watch has none.
          return { newest: null, urls: null };
        },
        watchSetBy(c),
      );
      const shown = scheduleOf(watch, { fullWebhookUrl: true }, Date.now());
      return c.json(webhookSecret !== null ? { suiteId, watch: shown, webhookSecret } : { suiteId, watch: shown });
    },
  )
  .delete("/:suiteId/watch", requireScope("admin"), validate("param", suiteIdParamSchema), async (c) => {
    const { suiteId } = c.req.valid("param");
    const db = d1Db(c.env.DB);
    if (!(await getSuite(db, suiteId))) throw unknownSuite(suiteId);
    await deleteWatch(db, { kind: "suite", id: suiteId });
    return c.body(null, 204);
  });
