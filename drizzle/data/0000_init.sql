CREATE TABLE `_collections` (
	`id` text PRIMARY KEY NOT NULL,
	`system` BOOLEAN DEFAULT false NOT NULL,
	`type` text DEFAULT 'base' NOT NULL,
	`name` text NOT NULL,
	`fields` JSON DEFAULT '[]' NOT NULL,
	`indexes` JSON DEFAULT '[]' NOT NULL,
	`listRule` text,
	`viewRule` text,
	`createRule` text,
	`updateRule` text,
	`deleteRule` text,
	`options` JSON DEFAULT '{}' NOT NULL,
	`created` text DEFAULT '' NOT NULL,
	`updated` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `_collections_name_unique` ON `_collections` (`name`);--> statement-breakpoint
CREATE INDEX `idx__collections_type` ON `_collections` (`type`);--> statement-breakpoint
CREATE TABLE `_migrations` (
	`file` text(255) PRIMARY KEY NOT NULL,
	`applied` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `_params` (
	`id` text PRIMARY KEY DEFAULT ('r'||lower(hex(randomblob(7)))) NOT NULL,
	`value` JSON,
	`created` text DEFAULT '' NOT NULL,
	`updated` text DEFAULT '' NOT NULL
);
