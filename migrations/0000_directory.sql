CREATE TABLE `events` (
	`id` integer PRIMARY KEY NOT NULL,
	`pair_key` text NOT NULL,
	`created_at` integer NOT NULL,
	`kind` text NOT NULL,
	`comparison_id` text NOT NULL,
	`detail_json` text NOT NULL,
	FOREIGN KEY (`pair_key`) REFERENCES `pairs`(`pair_key`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "events_kind" CHECK("events"."kind" IN ('new_high', 'resolved'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_comparison_kind` ON `events` (`comparison_id`,`kind`);--> statement-breakpoint
CREATE INDEX `events_pair_recent` ON `events` (`pair_key`,`id`);--> statement-breakpoint
CREATE TABLE `pairs` (
	`pair_key` text PRIMARY KEY NOT NULL,
	`left_url` text NOT NULL,
	`right_url` text NOT NULL,
	`first_compared_at` integer NOT NULL,
	`last_compared_at` integer NOT NULL,
	`last_comparison_id` text NOT NULL,
	`last_status` text NOT NULL,
	`last_high` integer DEFAULT 0 NOT NULL,
	`last_medium` integer DEFAULT 0 NOT NULL,
	`last_low` integer DEFAULT 0 NOT NULL,
	`last_info` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	`watch_interval_minutes` integer,
	`watch_enabled` integer DEFAULT false NOT NULL,
	`watch_webhook_url` text,
	`watch_webhook_secret` text,
	`watch_next_due_at` integer,
	`last_watch_started_at` integer,
	CONSTRAINT "pairs_last_status" CHECK("pairs"."last_status" IN ('completed', 'failed'))
);
--> statement-breakpoint
CREATE INDEX `pairs_recent` ON `pairs` (`last_compared_at`,`pair_key`);--> statement-breakpoint
CREATE INDEX `pairs_watch_due` ON `pairs` (`watch_next_due_at`) WHERE "pairs"."watch_enabled" = 1;