ALTER TABLE `pairs` ADD `watch_options_json` text;--> statement-breakpoint
ALTER TABLE `pairs` ADD `watch_sealed_headers` text;