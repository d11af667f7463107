CREATE TABLE `_migrations` (
	`file` text(255) PRIMARY KEY NOT NULL,
	`applied` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `_logs` (
	`id` text PRIMARY KEY DEFAULT ('r'||lower(hex(randomblob(7)))) NOT NULL,
	`level` integer DEFAULT 0 NOT NULL,
	`message` text DEFAULT '' NOT NULL,
	`data` JSON DEFAULT '{}' NOT NULL,
	`created` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `_logs_level_idx` ON `_logs` (`level`);--> statement-breakpoint
CREATE INDEX `_logs_message_idx` ON `_logs` (`message`);--> statement-breakpoint
CREATE INDEX `_logs_created_hour_idx` ON `_logs` (strftime('%Y-%m-%d %H:00:00', `created`));