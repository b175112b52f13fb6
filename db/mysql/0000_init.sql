CREATE TABLE `api_keys` (
	`id` varchar(36) NOT NULL,
	`tenant_id` varchar(36) NOT NULL,
	`name` varchar(200) NOT NULL,
	`prefix` varchar(32) NOT NULL,
	`key_hash` varchar(64) NOT NULL,
	`scopes` json NOT NULL,
	`created_at` bigint NOT NULL,
	`last_used_at` bigint,
	`revoked_at` bigint,
	CONSTRAINT `api_keys_id` PRIMARY KEY(`id`),
	CONSTRAINT `api_keys_hash` UNIQUE(`key_hash`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
CREATE TABLE `conversations` (
	`id` varchar(36) NOT NULL,
	`tenant_id` varchar(36) NOT NULL,
	`customer_id` varchar(36) NOT NULL,
	`channel` varchar(32) NOT NULL,
	`state` varchar(16) NOT NULL,
	`assigned_agent_id` varchar(36),
	`last_seq` int NOT NULL,
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	`closed_at` bigint,
	CONSTRAINT `conversations_id` PRIMARY KEY(`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
CREATE TABLE `customer_identities` (
	`id` varchar(36) NOT NULL,
	`tenant_id` varchar(36) NOT NULL,
	`customer_id` varchar(36) NOT NULL,
	`channel` varchar(32) NOT NULL,
	`external_id` varchar(191) NOT NULL,
	`created_at` bigint NOT NULL,
	CONSTRAINT `customer_identities_id` PRIMARY KEY(`id`),
	CONSTRAINT `customer_identities_external` UNIQUE(`tenant_id`,`channel`,`external_id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
CREATE TABLE `customers` (
	`id` varchar(36) NOT NULL,
	`tenant_id` varchar(36) NOT NULL,
	`name` varchar(200),
	`email` varchar(254),
	`attributes` json NOT NULL,
	`created_at` bigint NOT NULL,
	CONSTRAINT `customers_id` PRIMARY KEY(`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
CREATE TABLE `messages` (
	`id` varchar(36) NOT NULL,
	`tenant_id` varchar(36) NOT NULL,
	`conversation_id` varchar(36) NOT NULL,
	`seq` int NOT NULL,
	`client_msg_id` varchar(80),
	`author_kind` varchar(16) NOT NULL,
	`author_id` varchar(36),
	`author_name` varchar(200),
	`channel` varchar(32) NOT NULL,
	`text` text NOT NULL,
	`created_at` bigint NOT NULL,
	CONSTRAINT `messages_id` PRIMARY KEY(`id`),
	CONSTRAINT `messages_conversation_seq` UNIQUE(`conversation_id`,`seq`),
	CONSTRAINT `messages_conversation_client_msg` UNIQUE(`conversation_id`,`client_msg_id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
CREATE TABLE `tenants` (
	`id` varchar(36) NOT NULL,
	`name` varchar(200) NOT NULL,
	`widget_key` varchar(64) NOT NULL,
	`created_at` bigint NOT NULL,
	CONSTRAINT `tenants_id` PRIMARY KEY(`id`),
	CONSTRAINT `tenants_widget_key` UNIQUE(`widget_key`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
CREATE TABLE `users` (
	`id` varchar(36) NOT NULL,
	`tenant_id` varchar(36) NOT NULL,
	`email` varchar(254) NOT NULL,
	`name` varchar(200) NOT NULL,
	`password_hash` varchar(255) NOT NULL,
	`role` varchar(32) NOT NULL,
	`skills` json NOT NULL,
	`capacity` int NOT NULL,
	`created_at` bigint NOT NULL,
	`disabled_at` bigint,
	CONSTRAINT `users_id` PRIMARY KEY(`id`),
	CONSTRAINT `users_email` UNIQUE(`email`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
ALTER TABLE `api_keys` ADD CONSTRAINT `api_keys_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `conversations` ADD CONSTRAINT `conversations_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `conversations` ADD CONSTRAINT `conversations_customer_id_customers_id_fk` FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `conversations` ADD CONSTRAINT `conversations_assigned_agent_id_users_id_fk` FOREIGN KEY (`assigned_agent_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `customer_identities` ADD CONSTRAINT `customer_identities_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `customer_identities` ADD CONSTRAINT `customer_identities_customer_id_customers_id_fk` FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `customers` ADD CONSTRAINT `customers_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `messages` ADD CONSTRAINT `messages_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `messages` ADD CONSTRAINT `messages_conversation_id_conversations_id_fk` FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `users` ADD CONSTRAINT `users_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `api_keys_tenant` ON `api_keys` (`tenant_id`);--> statement-breakpoint
CREATE INDEX `conversations_tenant_state` ON `conversations` (`tenant_id`,`state`,`updated_at`);--> statement-breakpoint
CREATE INDEX `conversations_customer` ON `conversations` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `conversations_agent` ON `conversations` (`assigned_agent_id`,`state`);--> statement-breakpoint
CREATE INDEX `customer_identities_customer` ON `customer_identities` (`customer_id`);--> statement-breakpoint
CREATE INDEX `customers_tenant` ON `customers` (`tenant_id`);--> statement-breakpoint
CREATE INDEX `messages_tenant_created` ON `messages` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `users_tenant` ON `users` (`tenant_id`);
