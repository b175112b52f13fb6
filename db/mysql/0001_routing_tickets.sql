CREATE TABLE `canned_responses` (
	`id` varchar(36) NOT NULL,
	`tenant_id` varchar(36) NOT NULL,
	`shortcut` varchar(64) NOT NULL,
	`title` varchar(200) NOT NULL,
	`body` text NOT NULL,
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	CONSTRAINT `canned_responses_id` PRIMARY KEY(`id`),
	CONSTRAINT `canned_responses_shortcut` UNIQUE(`tenant_id`,`shortcut`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
CREATE TABLE `routing_events` (
	`id` varchar(36) NOT NULL,
	`tenant_id` varchar(36) NOT NULL,
	`conversation_id` varchar(36) NOT NULL,
	`kind` varchar(32) NOT NULL,
	`rule_id` varchar(64),
	`actor_id` varchar(36),
	`detail` json NOT NULL,
	`created_at` bigint NOT NULL,
	CONSTRAINT `routing_events_id` PRIMARY KEY(`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
CREATE TABLE `rule_sets` (
	`id` varchar(36) NOT NULL,
	`tenant_id` varchar(36) NOT NULL,
	`version` int NOT NULL,
	`rules` json NOT NULL,
	`author_id` varchar(36),
	`created_at` bigint NOT NULL,
	CONSTRAINT `rule_sets_id` PRIMARY KEY(`id`),
	CONSTRAINT `rule_sets_version` UNIQUE(`tenant_id`,`version`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
CREATE TABLE `search_terms` (
	`tenant_id` varchar(36) NOT NULL,
	`ticket_id` varchar(36) NOT NULL,
	`term` varchar(64) NOT NULL,
	CONSTRAINT `search_terms_pk` UNIQUE(`tenant_id`,`term`,`ticket_id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
CREATE TABLE `skill_groups` (
	`id` varchar(36) NOT NULL,
	`tenant_id` varchar(36) NOT NULL,
	`key` varchar(64) NOT NULL,
	`name` varchar(200) NOT NULL,
	`strategy` varchar(32) NOT NULL,
	`sticky` boolean NOT NULL,
	`requeue_after_sec` int,
	`overflow_after_sec` int,
	`overflow_group_id` varchar(36),
	`business_hours` json,
	`out_of_hours_reply` text,
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	CONSTRAINT `skill_groups_id` PRIMARY KEY(`id`),
	CONSTRAINT `skill_groups_key` UNIQUE(`tenant_id`,`key`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
CREATE TABLE `sla_policies` (
	`id` varchar(36) NOT NULL,
	`tenant_id` varchar(36) NOT NULL,
	`name` varchar(200) NOT NULL,
	`targets` json NOT NULL,
	`business_hours` json,
	`active` boolean NOT NULL,
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	CONSTRAINT `sla_policies_id` PRIMARY KEY(`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
CREATE TABLE `ticket_comments` (
	`id` varchar(36) NOT NULL,
	`tenant_id` varchar(36) NOT NULL,
	`ticket_id` varchar(36) NOT NULL,
	`author_kind` varchar(16) NOT NULL,
	`author_id` varchar(36),
	`public` boolean NOT NULL,
	`body` text NOT NULL,
	`created_at` bigint NOT NULL,
	CONSTRAINT `ticket_comments_id` PRIMARY KEY(`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
CREATE TABLE `ticket_events` (
	`id` varchar(36) NOT NULL,
	`tenant_id` varchar(36) NOT NULL,
	`ticket_id` varchar(36) NOT NULL,
	`kind` varchar(32) NOT NULL,
	`actor_kind` varchar(16) NOT NULL,
	`actor_id` varchar(36),
	`data` json NOT NULL,
	`created_at` bigint NOT NULL,
	CONSTRAINT `ticket_events_id` PRIMARY KEY(`id`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
CREATE TABLE `ticket_tags` (
	`tenant_id` varchar(36) NOT NULL,
	`ticket_id` varchar(36) NOT NULL,
	`tag` varchar(64) NOT NULL,
	CONSTRAINT `ticket_tags_pk` UNIQUE(`ticket_id`,`tag`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` varchar(36) NOT NULL,
	`tenant_id` varchar(36) NOT NULL,
	`number` int NOT NULL,
	`subject` varchar(300) NOT NULL,
	`status` varchar(16) NOT NULL,
	`priority` varchar(16) NOT NULL,
	`requester_id` varchar(36),
	`assignee_id` varchar(36),
	`group_id` varchar(36),
	`tags` json NOT NULL,
	`custom_fields` json NOT NULL,
	`conversation_id` varchar(36),
	`merged_into_id` varchar(36),
	`sla_policy_id` varchar(36),
	`first_response_due_at` bigint,
	`next_response_due_at` bigint,
	`resolution_due_at` bigint,
	`first_responded_at` bigint,
	`breached_at` bigint,
	`sla_next_due_at` bigint,
	`breaches` json NOT NULL,
	`csat_score` int,
	`csat_comment` text,
	`version` int NOT NULL,
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	`solved_at` bigint,
	`closed_at` bigint,
	CONSTRAINT `tickets_id` PRIMARY KEY(`id`),
	CONSTRAINT `tickets_number` UNIQUE(`tenant_id`,`number`)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--> statement-breakpoint
ALTER TABLE `conversations` ADD `group_id` varchar(36);--> statement-breakpoint
ALTER TABLE `conversations` ADD `priority` int DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `tags` json;--> statement-breakpoint
ALTER TABLE `conversations` ADD `queued_at` bigint;--> statement-breakpoint
ALTER TABLE `conversations` ADD `assigned_at` bigint;--> statement-breakpoint
ALTER TABLE `conversations` ADD `first_response_at` bigint;--> statement-breakpoint
ALTER TABLE `conversations` ADD `ticket_id` varchar(36);--> statement-breakpoint
ALTER TABLE `canned_responses` ADD CONSTRAINT `canned_responses_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `routing_events` ADD CONSTRAINT `routing_events_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `routing_events` ADD CONSTRAINT `routing_events_conversation_id_conversations_id_fk` FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `rule_sets` ADD CONSTRAINT `rule_sets_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `search_terms` ADD CONSTRAINT `search_terms_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `search_terms` ADD CONSTRAINT `search_terms_ticket_id_tickets_id_fk` FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `skill_groups` ADD CONSTRAINT `skill_groups_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `sla_policies` ADD CONSTRAINT `sla_policies_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ticket_comments` ADD CONSTRAINT `ticket_comments_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ticket_comments` ADD CONSTRAINT `ticket_comments_ticket_id_tickets_id_fk` FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ticket_events` ADD CONSTRAINT `ticket_events_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ticket_events` ADD CONSTRAINT `ticket_events_ticket_id_tickets_id_fk` FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ticket_tags` ADD CONSTRAINT `ticket_tags_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ticket_tags` ADD CONSTRAINT `ticket_tags_ticket_id_tickets_id_fk` FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `tickets` ADD CONSTRAINT `tickets_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `tickets` ADD CONSTRAINT `tickets_requester_id_customers_id_fk` FOREIGN KEY (`requester_id`) REFERENCES `customers`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `tickets` ADD CONSTRAINT `tickets_assignee_id_users_id_fk` FOREIGN KEY (`assignee_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `routing_events_conversation` ON `routing_events` (`conversation_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `routing_events_tenant` ON `routing_events` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `search_terms_ticket` ON `search_terms` (`ticket_id`);--> statement-breakpoint
CREATE INDEX `sla_policies_tenant` ON `sla_policies` (`tenant_id`);--> statement-breakpoint
CREATE INDEX `ticket_comments_ticket` ON `ticket_comments` (`ticket_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `ticket_events_ticket` ON `ticket_events` (`ticket_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `ticket_tags_tag` ON `ticket_tags` (`tenant_id`,`tag`);--> statement-breakpoint
CREATE INDEX `tickets_tenant_status` ON `tickets` (`tenant_id`,`status`,`updated_at`);--> statement-breakpoint
CREATE INDEX `tickets_assignee` ON `tickets` (`tenant_id`,`assignee_id`,`status`);--> statement-breakpoint
CREATE INDEX `tickets_conversation` ON `tickets` (`conversation_id`);--> statement-breakpoint
CREATE INDEX `tickets_requester` ON `tickets` (`requester_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `tickets_sla_next_due` ON `tickets` (`sla_next_due_at`);