/**
 * The cron tick (wrangler.toml [triggers], every 5 minutes): what runs watches and sweeps suite
 * runs. A watch or suite run found busy is looked at again one tick later.
 */

/** The tick's period; wrangler.toml's cron says the same. */
export const TICK_MS = 5 * 60 * 1000;
