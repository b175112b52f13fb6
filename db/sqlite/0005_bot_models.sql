CREATE TABLE `bot_answers` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`answers` text NOT NULL,
	`author_id` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `faq_articles` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`language` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `faq_articles_tenant` ON `faq_articles` (`tenant_id`,`updated_at`);--> statement-breakpoint
CREATE TABLE `intent_datasets` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`format` text NOT NULL,
	`examples` text NOT NULL,
	`example_count` integer NOT NULL,
	`label_counts` text NOT NULL,
	`author_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `intent_datasets_tenant` ON `intent_datasets` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `intent_model_parts` (
	`model_id` text NOT NULL,
	`file` text NOT NULL,
	`part` integer NOT NULL,
	`bytes` blob NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `intent_models`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `intent_model_parts_pk` ON `intent_model_parts` (`model_id`,`file`,`part`);--> statement-breakpoint
CREATE TABLE `intent_models` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`version` integer NOT NULL,
	`dataset_id` text,
	`status` text NOT NULL,
	`phase` text NOT NULL,
	`percent` integer NOT NULL,
	`preset` text NOT NULL,
	`seed` integer NOT NULL,
	`labels` text,
	`metrics` text,
	`evaluation` text,
	`onnx_bytes` integer,
	`onnx_sha256` text,
	`error` text,
	`node_id` text,
	`author_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer,
	`activated_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `intent_models_version` ON `intent_models` (`tenant_id`,`version`);--> statement-breakpoint
CREATE INDEX `intent_models_status` ON `intent_models` (`tenant_id`,`status`);