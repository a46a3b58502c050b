CREATE TABLE `comparisons` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`status` text NOT NULL,
	`left_url` text NOT NULL,
	`right_url` text NOT NULL,
	`options_json` text NOT NULL,
	`result_json` text,
	`error_json` text,
	`idempotency_key` text,
	`request_hash` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "comparisons_status" CHECK("comparisons"."status" IN ('running', 'completed', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `comparisons_id_unique` ON `comparisons` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `comparisons_idempotency_key` ON `comparisons` (`idempotency_key`) WHERE "comparisons"."idempotency_key" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `probes` (
	`id` text PRIMARY KEY NOT NULL,
	`comparison_id` text NOT NULL,
	`side` text NOT NULL,
	`envelope_json` text NOT NULL,
	FOREIGN KEY (`comparison_id`) REFERENCES `comparisons`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "probes_side" CHECK("probes"."side" IN ('left', 'right'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `probes_comparison_side` ON `probes` (`comparison_id`,`side`);