ALTER TABLE `comparisons` ADD `high_count` integer;--> statement-breakpoint
ALTER TABLE `comparisons` ADD `medium_count` integer;--> statement-breakpoint
ALTER TABLE `comparisons` ADD `low_count` integer;--> statement-breakpoint
ALTER TABLE `comparisons` ADD `info_count` integer;--> statement-breakpoint
ALTER TABLE `comparisons` ADD `identical` integer;