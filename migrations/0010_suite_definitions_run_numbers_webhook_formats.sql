CREATE TABLE `suite_definitions` (
	`id` text PRIMARY KEY NOT NULL,
	`suite_id` text NOT NULL,
	`paths_json` text NOT NULL,
	`discover_json` text,
	`options_json` text NOT NULL,
	`sealed_headers` text,
	`created_at` integer NOT NULL,
	`created_by` text,
	FOREIGN KEY (`suite_id`) REFERENCES `suites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `suite_definitions_suite` ON `suite_definitions` (`suite_id`);--> statement-breakpoint
ALTER TABLE `suite_runs` ADD `number` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `suite_runs` ADD `definition_id` text REFERENCES suite_definitions(id);--> statement-breakpoint
ALTER TABLE `suites` ADD `definition_id` text;--> statement-breakpoint
-- Data, added by hand between drizzle-kit's statements (as in 0007): each suite's definition moves
-- from its row to a suite_definitions row of its own, with the suite's id as its id, before those
-- columns are dropped; every run points at it; runs are numbered per suite from 1, in the order
-- they were recorded (older runs already dropped past SUITE_RUNS_KEPT are not counted), before the
-- unique index on (suite_id, number) is built.
INSERT INTO `suite_definitions` (`id`, `suite_id`, `paths_json`, `discover_json`, `options_json`, `sealed_headers`,
  `created_at`, `created_by`)
SELECT `id`, `id`, `paths_json`, `discover_json`, `options_json`, `sealed_headers`, `created_at`, `created_by`
FROM `suites`;--> statement-breakpoint
UPDATE `suites` SET `definition_id` = `id`;--> statement-breakpoint
UPDATE `suite_runs` SET `definition_id` = `suite_id`,
  `number` = (SELECT count(*) FROM `suite_runs` AS `r` WHERE `r`.`suite_id` = `suite_runs`.`suite_id` AND `r`.`id` <= `suite_runs`.`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `suite_runs_number` ON `suite_runs` (`suite_id`,`number`);--> statement-breakpoint
ALTER TABLE `suites` DROP COLUMN `paths_json`;--> statement-breakpoint
ALTER TABLE `suites` DROP COLUMN `discover_json`;--> statement-breakpoint
ALTER TABLE `suites` DROP COLUMN `options_json`;--> statement-breakpoint
ALTER TABLE `suites` DROP COLUMN `sealed_headers`;--> statement-breakpoint
ALTER TABLE `watches` ADD `webhook_format` text DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE `watches` ADD `page_origin` text;