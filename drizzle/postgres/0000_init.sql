CREATE TABLE "_collections" (
	"id" text PRIMARY KEY NOT NULL,
	"system" boolean DEFAULT false NOT NULL,
	"type" text DEFAULT 'base' NOT NULL,
	"name" text NOT NULL,
	"fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"indexes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"listRule" text,
	"viewRule" text,
	"createRule" text,
	"updateRule" text,
	"deleteRule" text,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created" text DEFAULT '' NOT NULL,
	"updated" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "_logs" (
	"id" text PRIMARY KEY DEFAULT ('r' || substr(md5(random()::text || clock_timestamp()::text), 1, 14)) NOT NULL,
	"level" bigint DEFAULT 0 NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "_migrations" (
	"file" varchar(255) PRIMARY KEY NOT NULL,
	"applied" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "_params" (
	"id" text PRIMARY KEY DEFAULT ('r' || substr(md5(random()::text || clock_timestamp()::text), 1, 14)) NOT NULL,
	"value" jsonb,
	"created" text DEFAULT '' NOT NULL,
	"updated" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "_collections_name_unique" ON "_collections" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "idx__collections_type" ON "_collections" USING btree ("type");--> statement-breakpoint
CREATE INDEX "_logs_level_idx" ON "_logs" USING btree ("level");--> statement-breakpoint
CREATE INDEX "_logs_message_idx" ON "_logs" USING btree ("message");--> statement-breakpoint
CREATE INDEX "_logs_created_hour_idx" ON "_logs" USING btree (substr("created", 1, 13));