CREATE TABLE `watches` (
	`id` integer PRIMARY KEY NOT NULL,
	`target_kind` text NOT NULL,
	`target_id` text NOT NULL,
	`interval_minutes` integer NOT NULL,
	`enabled` integer DEFAULT false NOT NULL,
	`webhook_url` text,
	`webhook_secret` text,
	`next_due_at` integer,
	`last_started_at` integer,
	`last_due_at` integer,
	`updated_by` text,
	`options_json` text,
	`sealed_headers` text,
	CONSTRAINT "watches_target_kind" CHECK("watches"."target_kind" IN ('pair', 'suite'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `watches_target` ON `watches` (`target_kind`,`target_id`);--> statement-breakpoint
CREATE INDEX `watches_due` ON `watches` (`next_due_at`) WHERE "watches"."enabled" = 1;--> statement-breakpoint
-- Data, added by hand between drizzle-kit's statements: every watch of a pair or a suite moves
-- from its row's watch_* columns to a row of its own here, before those columns are dropped.
INSERT INTO `watches` (`target_kind`, `target_id`, `interval_minutes`, `enabled`, `webhook_url`, `webhook_secret`,
  `next_due_at`, `last_started_at`, `last_due_at`, `updated_by`, `options_json`, `sealed_headers`)
SELECT 'pair', `pair_key`, `watch_interval_minutes`, `watch_enabled`, `watch_webhook_url`, `watch_webhook_secret`,
  `watch_next_due_at`, `last_watch_started_at`, `last_watch_due_at`, `watch_updated_by`, `watch_options_json`,
  `watch_sealed_headers`
FROM `pairs` WHERE `watch_interval_minutes` IS NOT NULL;--> statement-breakpoint
INSERT INTO `watches` (`target_kind`, `target_id`, `interval_minutes`, `enabled`, `webhook_url`, `webhook_secret`,
  `next_due_at`, `last_started_at`, `last_due_at`)
SELECT 'suite', `id`, `watch_interval_minutes`, `watch_enabled`, `watch_webhook_url`, `watch_webhook_secret`,
  `watch_next_due_at`, `last_watch_started_at`, `last_watch_due_at`
FROM `suites` WHERE `watch_interval_minutes` IS NOT NULL;--> statement-breakpoint
DROP INDEX `pairs_watch_due`;--> statement-breakpoint
ALTER TABLE `pairs` DROP COLUMN `watch_interval_minutes`;--> statement-breakpoint
ALTER TABLE `pairs` DROP COLUMN `watch_enabled`;--> statement-breakpoint
ALTER TABLE `pairs` DROP COLUMN `watch_webhook_url`;--> statement-breakpoint
ALTER TABLE `pairs` DROP COLUMN `watch_webhook_secret`;--> statement-breakpoint
ALTER TABLE `pairs` DROP COLUMN `watch_next_due_at`;--> statement-breakpoint
ALTER TABLE `pairs` DROP COLUMN `last_watch_started_at`;--> statement-breakpoint
ALTER TABLE `pairs` DROP COLUMN `watch_updated_by`;--> statement-breakpoint
ALTER TABLE `pairs` DROP COLUMN `watch_options_json`;--> statement-breakpoint
ALTER TABLE `pairs` DROP COLUMN `watch_sealed_headers`;--> statement-breakpoint
ALTER TABLE `pairs` DROP COLUMN `last_watch_due_at`;--> statement-breakpoint
DROP INDEX `suites_watch_due`;--> statement-breakpoint
ALTER TABLE `suites` DROP COLUMN `watch_interval_minutes`;--> statement-breakpoint
ALTER TABLE `suites` DROP COLUMN `watch_enabled`;--> statement-breakpoint
ALTER TABLE `suites` DROP COLUMN `watch_webhook_url`;--> statement-breakpoint
ALTER TABLE `suites` DROP COLUMN `watch_webhook_secret`;--> statement-breakpoint
ALTER TABLE `suites` DROP COLUMN `watch_next_due_at`;--> statement-breakpoint
ALTER TABLE `suites` DROP COLUMN `last_watch_started_at`;--> statement-breakpoint
ALTER TABLE `suites` DROP COLUMN `last_watch_due_at`;