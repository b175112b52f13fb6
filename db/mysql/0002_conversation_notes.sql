CREATE TABLE `conversation_notes` (
	`id` varchar(36) NOT NULL,
	`tenant_id` varchar(36) NOT NULL,
	`conversation_id` varchar(36) NOT NULL,
	`author_id` varchar(36),
	`author_name` varchar(200),
	`text` text NOT NULL,
	`created_at` bigint NOT NULL,
	CONSTRAINT `conversation_notes_id` PRIMARY KEY(`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
ALTER TABLE `conversation_notes` ADD CONSTRAINT `conversation_notes_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `conversation_notes` ADD CONSTRAINT `conversation_notes_conversation_id_conversations_id_fk` FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `conversation_notes_conversation` ON `conversation_notes` (`conversation_id`,`created_at`);