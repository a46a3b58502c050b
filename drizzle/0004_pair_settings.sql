CREATE TABLE `pair_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`settings_json` text NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "pair_settings_single_row" CHECK("pair_settings"."id" = 1)
);
