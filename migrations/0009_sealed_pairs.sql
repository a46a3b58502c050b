CREATE TABLE `sealed_pairs` (
	`pair_key` text PRIMARY KEY NOT NULL,
	`key_id` text NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL
);

--> statement-breakpoint
-- Added by hand after drizzle-kit generated the table above (keep it if you regenerate): objects that
-- took sealed values before this table existed are unknown to it, so every pair of the directory is
-- listed once as "may hold stale values"; the cron tick visits each once, reseals what it finds and
-- drops the pairs that hold nothing (docs/secrets.md § Rotating the key).
INSERT INTO `sealed_pairs` (`pair_key`, `key_id`, `version`, `updated_at`) SELECT `pair_key`, '', 0, 0 FROM `pairs`;
