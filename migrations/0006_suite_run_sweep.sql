ALTER TABLE `suite_runs` ADD `swept_at` integer;--> statement-breakpoint
CREATE INDEX `suite_runs_unfinished` ON `suite_runs` (`created_at`) WHERE "suite_runs"."finished_at" IS NULL;