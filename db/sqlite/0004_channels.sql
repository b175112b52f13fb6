CREATE TABLE `channel_refs` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`channel` text NOT NULL,
	`external_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`message_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `channel_refs_external` ON `channel_refs` (`tenant_id`,`channel`,`external_id`);--> statement-breakpoint
CREATE INDEX `channel_refs_conversation` ON `channel_refs` (`conversation_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `channels` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`config` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `channels_key` ON `channels` (`tenant_id`,`kind`,`key`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`kind` text NOT NULL,
	`target_id` text,
	`event` text NOT NULL,
	`event_id` text NOT NULL,
	`url` text,
	`conversation_id` text,
	`ordering_key` text,
	`payload` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`locked_until` integer,
	`lease_id` text,
	`last_error` text,
	`last_status` integer,
	`duration_ms` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`delivered_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deliveries_due` ON `deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `deliveries_tenant` ON `deliveries` (`tenant_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `deliveries_target` ON `deliveries` (`target_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `deliveries_ordering` ON `deliveries` (`ordering_key`,`created_at`);--> statement-breakpoint
CREATE INDEX `deliveries_conversation` ON `deliveries` (`conversation_id`);--> statement-breakpoint
CREATE TABLE `webhooks` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`url` text NOT NULL,
	`events` text NOT NULL,
	`description` text,
	`secret` text NOT NULL,
	`active` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `webhooks_tenant` ON `webhooks` (`tenant_id`);--> statement-breakpoint
ALTER TABLE `conversations` ADD `last_channel` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `reply_to` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `merged_into_id` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `identity_secret` text;