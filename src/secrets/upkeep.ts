/**
 * The cron tick's upkeep of secrets at rest (docs/secrets.md § Rotating the key): every sealed
 * value envdiff keeps is made current by a bounded pass per tick, so a rotation completes within a
 * few ticks and values from before sealing, before values were bound to their row and before views
 * showed names only are brought up to date the same way. Three passes: the pairs' watches in D1,
 * the suites in D1, and the pair objects listed in sealed_pairs (their saved headers and rings).
 * Never stops the tick: a missing key is logged as the configuration error it is.
 */
import { type ResealReport, resealStaleSecrets } from "../directory/secret-upkeep";
import { type DirectoryDb, directoryDb } from "../directory/store";
import { log } from "../log";
import { resealStaleSuites } from "../suites/secret-upkeep";
import { resealPairObjects } from "./sealed-pairs";

const PASSES: [string, (env: Env, db: DirectoryDb) => Promise<ResealReport>][] = [
  ["pairs", resealStaleSecrets],
  ["suites", resealStaleSuites],
  ["pair-objects", resealPairObjects],
];

export async function upkeep(env: Env, db: DirectoryDb = directoryDb(env.DB)): Promise<void> {
  for (const [pass, run] of PASSES) {
    try {
      const report = await run(env, db);
      if (report.resealed > 0 || report.failed.length > 0) {
        log(report.failed.length > 0 ? "warn" : "info", "secrets.resealed", {
          pass,
          resealed: report.resealed,
          failed: report.failed.length,
          firstFailed: report.failed[0] ?? null,
        });
      }
    } catch (error) {
      log("error", "secrets.reseal_failed", {
        pass,
        message: (error instanceof Error ? error.message : String(error)).slice(0, 300),
      });
    }
  }
}
