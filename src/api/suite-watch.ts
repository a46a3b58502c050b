/** PUT/DELETE /api/suites/:suiteId/watch: a suite run on the cron tick, with one webhook per run. */
import { Hono } from "hono";
import { type AppEnv, requireScope } from "../auth/scope";
import { sealWebhookSecret } from "../directory/secret-upkeep";
import { directoryDb } from "../directory/store";
import { newWebhookSecret } from "../directory/webhook";
import { suiteOwner } from "../secrets/crypto";
import { getSuite } from "../suites/store";
import { toSuiteSummary } from "../suites/view";
import { clearSuiteWatch, setSuiteWatch } from "../suites/watches";
import { ApiError } from "./errors";
import { strictJsonBody } from "./json-body";
import { suiteIdParamSchema, suiteWatchRequestSchema } from "./suite-schemas";
import { limitBody, requireJson, validate } from "./validate";
import { guardWebhookUrl } from "./webhook-url";

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
      const input = c.req.valid("json");
      guardWebhookUrl(c.env, input.webhookUrl);
      const db = directoryDb(c.env.DB);
      const suite = await getSuite(db, suiteId);
      if (!suite) throw unknownSuite(suiteId);
      // What the PUT leaves out keeps its value; a new watch needs an interval and starts enabled.
      const intervalMinutes = input.intervalMinutes ?? suite.watchIntervalMinutes;
      if (intervalMinutes === null) {
        throw new ApiError("invalid_request", "A new watch needs intervalMinutes (5 to 1440).", {
          field: "intervalMinutes",
        });
      }
      const enabled = input.enabled ?? (suite.watchIntervalMinutes === null ? true : suite.watchEnabled);
      const webhookUrl = input.webhookUrl === undefined ? suite.watchWebhookUrl : input.webhookUrl;
      // As on pair watches: the secret is shown once, so it changes only with the URL.
      const keepSecret =
        webhookUrl !== null && webhookUrl === suite.watchWebhookUrl && suite.watchWebhookSecret !== null;
      // A new secret is shown once, in clear, and stored sealed like a pair watch's (docs/secrets.md).
      const freshSecret = webhookUrl === null || keepSecret ? null : newWebhookSecret();
      const webhookSecret =
        freshSecret === null ? null : await sealWebhookSecret(c.env, freshSecret, suiteOwner(suiteId));
      const stored = keepSecret ? suite.watchWebhookSecret : webhookSecret;
      const unchanged = suite.watchEnabled && suite.watchIntervalMinutes === intervalMinutes;
      const nextDueAt = !enabled ? null : unchanged ? suite.watchNextDueAt : Date.now();
      if (
        !(await setSuiteWatch(db, suiteId, { intervalMinutes, enabled, webhookUrl, webhookSecret: stored, nextDueAt }))
      ) {
        throw unknownSuite(suiteId);
      }
      const updated = await getSuite(db, suiteId);
      const watch = updated ? toSuiteSummary(updated, { fullWebhookUrl: true }).watch : null;
      if (!watch) throw unknownSuite(suiteId);
      return c.json(freshSecret !== null ? { suiteId, watch, webhookSecret: freshSecret } : { suiteId, watch });
    },
  )
  .delete("/:suiteId/watch", requireScope("admin"), validate("param", suiteIdParamSchema), async (c) => {
    const { suiteId } = c.req.valid("param");
    if (!(await clearSuiteWatch(directoryDb(c.env.DB), suiteId))) throw unknownSuite(suiteId);
    return c.body(null, 204);
  });
