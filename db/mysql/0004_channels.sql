CREATE TABLE `channel_refs` (
	`id` varchar(36) NOT NULL,
	`tenant_id` varchar(36) NOT NULL,
	`channel` varchar(32) NOT NULL,
	`external_id` varchar(191) NOT NULL,
	`conversation_id` varchar(36) NOT NULL,
	`message_id` varchar(36),
	`created_at` bigint NOT NULL,
	CONSTRAINT `channel_refs_id` PRIMARY KEY(`id`),
	CONSTRAINT `channel_refs_external` UNIQUE(`tenant_id`,`channel`,`external_id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
CREATE TABLE `channels` (
	`id` varchar(36) NOT NULL,
	`tenant_id` varchar(36) NOT NULL,
	`kind` varchar(16) NOT NULL,
	`key` varchar(191) NOT NULL,
	`config` json NOT NULL,
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	CONSTRAINT `channels_id` PRIMARY KEY(`id`),
	CONSTRAINT `channels_key` UNIQUE(`tenant_id`,`kind`,`key`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` varchar(36) NOT NULL,
	`tenant_id` varchar(36) NOT NULL,
	`kind` varchar(16) NOT NULL,
	`target_id` varchar(36),
	`event` varchar(64) NOT NULL,
	`event_id` varchar(36) NOT NULL,
	`url` varchar(2000),
	`conversation_id` varchar(36),
	`ordering_key` varchar(36),
	`payload` mediumtext NOT NULL,
	`status` varchar(16) NOT NULL,
	`attempts` int NOT NULL,
	`next_attempt_at` bigint NOT NULL,
	`locked_until` bigint,
	`lease_id` varchar(36),
	`last_error` varchar(500),
	`last_status` int,
	`duration_ms` int,
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	`delivered_at` bigint,
	CONSTRAINT `deliveries_id` PRIMARY KEY(`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
CREATE TABLE `webhooks` (
	`id` varchar(36) NOT NULL,
	`tenant_id` varchar(36) NOT NULL,
	`url` varchar(2000) NOT NULL,
	`events` json NOT NULL,
	`description` varchar(500),
	`secret` varchar(128) NOT NULL,
	`active` boolean NOT NULL,
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	CONSTRAINT `webhooks_id` PRIMARY KEY(`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
ALTER TABLE `conversations` ADD `last_channel` varchar(32);--> statement-breakpoint
ALTER TABLE `conversations` ADD `reply_to` json;--> statement-breakpoint
ALTER TABLE `customers` ADD `merged_into_id` varchar(36);--> statement-breakpoint
ALTER TABLE `tenants` ADD `identity_secret` varchar(128);--> statement-breakpoint
ALTER TABLE `channel_refs` ADD CONSTRAINT `channel_refs_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `channel_refs` ADD CONSTRAINT `channel_refs_conversation_id_conversations_id_fk` FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `channels` ADD CONSTRAINT `channels_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `deliveries` ADD CONSTRAINT `deliveries_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `webhooks` ADD CONSTRAINT `webhooks_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `channel_refs_conversation` ON `channel_refs` (`conversation_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `deliveries_due` ON `deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `deliveries_tenant` ON `deliveries` (`tenant_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `deliveries_target` ON `deliveries` (`target_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `deliveries_ordering` ON `deliveries` (`ordering_key`,`created_at`);--> statement-breakpoint
CREATE INDEX `deliveries_conversation` ON `deliveries` (`conversation_id`);--> statement-breakpoint
CREATE INDEX `webhooks_tenant` ON `webhooks` (`tenant_id`);