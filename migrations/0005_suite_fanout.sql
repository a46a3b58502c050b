ALTER TABLE `suite_runs` ADD `dispatch_pending` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `suite_runs_dispatch_pending` ON `suite_runs` (`created_at`) WHERE "suite_runs"."dispatch_pending" = 1;--> statement-breakpoint
ALTER TABLE `suites` ADD `last_watch_due_at` integer;