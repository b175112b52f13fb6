CREATE TABLE `bot_answers` (
	`tenant_id` varchar(36) NOT NULL,
	`answers` json NOT NULL,
	`author_id` varchar(36),
	`updated_at` bigint NOT NULL,
	CONSTRAINT `bot_answers_tenant_id` PRIMARY KEY(`tenant_id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
CREATE TABLE `faq_articles` (
	`id` varchar(36) NOT NULL,
	`tenant_id` varchar(36) NOT NULL,
	`title` varchar(300) NOT NULL,
	`body` text NOT NULL,
	`language` varchar(8) NOT NULL,
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	CONSTRAINT `faq_articles_id` PRIMARY KEY(`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
CREATE TABLE `intent_datasets` (
	`id` varchar(36) NOT NULL,
	`tenant_id` varchar(36) NOT NULL,
	`name` varchar(200) NOT NULL,
	`format` varchar(16) NOT NULL,
	`examples` json NOT NULL,
	`example_count` int NOT NULL,
	`label_counts` json NOT NULL,
	`author_id` varchar(36),
	`created_at` bigint NOT NULL,
	CONSTRAINT `intent_datasets_id` PRIMARY KEY(`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
CREATE TABLE `intent_model_parts` (
	`model_id` varchar(36) NOT NULL,
	`file` varchar(16) NOT NULL,
	`part` int NOT NULL,
	`bytes` longblob NOT NULL,
	CONSTRAINT `intent_model_parts_pk` UNIQUE(`model_id`,`file`,`part`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
CREATE TABLE `intent_models` (
	`id` varchar(36) NOT NULL,
	`tenant_id` varchar(36) NOT NULL,
	`version` int NOT NULL,
	`dataset_id` varchar(36),
	`status` varchar(16) NOT NULL,
	`phase` varchar(16) NOT NULL,
	`percent` int NOT NULL,
	`preset` varchar(16) NOT NULL,
	`seed` int NOT NULL,
	`labels` json,
	`metrics` json,
	`evaluation` json,
	`onnx_bytes` int,
	`onnx_sha256` varchar(64),
	`error` text,
	`node_id` varchar(128),
	`author_id` varchar(36),
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	`finished_at` bigint,
	`activated_at` bigint,
	CONSTRAINT `intent_models_id` PRIMARY KEY(`id`),
	CONSTRAINT `intent_models_version` UNIQUE(`tenant_id`,`version`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
ALTER TABLE `bot_answers` ADD CONSTRAINT `bot_answers_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `faq_articles` ADD CONSTRAINT `faq_articles_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `intent_datasets` ADD CONSTRAINT `intent_datasets_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `intent_model_parts` ADD CONSTRAINT `intent_model_parts_model_id_intent_models_id_fk` FOREIGN KEY (`model_id`) REFERENCES `intent_models`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `intent_models` ADD CONSTRAINT `intent_models_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `faq_articles_tenant` ON `faq_articles` (`tenant_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `intent_datasets_tenant` ON `intent_datasets` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `intent_models_status` ON `intent_models` (`tenant_id`,`status`);