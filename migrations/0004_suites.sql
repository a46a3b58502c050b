CREATE TABLE `suite_items` (
	`id` integer PRIMARY KEY NOT NULL,
	`run_id` integer NOT NULL,
	`path` text NOT NULL,
	`pair_key` text NOT NULL,
	`comparison_id` text NOT NULL,
	`status` text NOT NULL,
	`high` integer DEFAULT 0 NOT NULL,
	`medium` integer DEFAULT 0 NOT NULL,
	`low` integer DEFAULT 0 NOT NULL,
	`info` integer DEFAULT 0 NOT NULL,
	`new_count` integer DEFAULT 0 NOT NULL,
	`recurring_count` integer DEFAULT 0 NOT NULL,
	`resolved_count` integer DEFAULT 0 NOT NULL,
	`new_high` integer DEFAULT 0 NOT NULL,
	`resolved_high` integer DEFAULT 0 NOT NULL,
	`finished_at` integer,
	CONSTRAINT "suite_items_status" CHECK("suite_items"."status" IN ('running', 'completed', 'failed'))
);
--> statement-breakpoint
CREATE TABLE `suite_runs` (
	`id` integer PRIMARY KEY NOT NULL,
	`suite_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`trigger` text NOT NULL,
	`item_count` integer NOT NULL,
	`idempotency_key` text,
	`request_hash` text,
	`finished_at` integer,
	`finished_by` text,
	`drift_json` text,
	FOREIGN KEY (`suite_id`) REFERENCES `suites`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "suite_runs_trigger" CHECK("suite_runs"."trigger" IN ('api', 'watch'))
);
--> statement-breakpoint
CREATE INDEX `suite_runs_suite` ON `suite_runs` (`suite_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `suite_runs_idempotency` ON `suite_runs` (`idempotency_key`) WHERE "suite_runs"."idempotency_key" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `suites` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text,
	`left_base` text NOT NULL,
	`right_base` text NOT NULL,
	`paths_json` text NOT NULL,
	`discover_json` text,
	`options_json` text NOT NULL,
	`sealed_headers` text,
	`created_at` integer NOT NULL,
	`created_by` text,
	`last_run_id` integer,
	`last_run_at` integer,
	`watch_interval_minutes` integer,
	`watch_enabled` integer DEFAULT false NOT NULL,
	`watch_webhook_url` text,
	`watch_webhook_secret` text,
	`watch_next_due_at` integer,
	`last_watch_started_at` integer
);
--> statement-breakpoint
CREATE INDEX `suites_recent` ON `suites` (`last_run_at`,`id`);--> statement-breakpoint
CREATE INDEX `suites_watch_due` ON `suites` (`watch_next_due_at`) WHERE "suites"."watch_enabled" = 1;