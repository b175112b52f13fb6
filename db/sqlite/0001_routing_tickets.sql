CREATE TABLE `canned_responses` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`shortcut` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `canned_responses_shortcut` ON `canned_responses` (`tenant_id`,`shortcut`);--> statement-breakpoint
CREATE TABLE `routing_events` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`kind` text NOT NULL,
	`rule_id` text,
	`actor_id` text,
	`detail` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `routing_events_conversation` ON `routing_events` (`conversation_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `routing_events_tenant` ON `routing_events` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `rule_sets` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`version` integer NOT NULL,
	`rules` text NOT NULL,
	`author_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rule_sets_version` ON `rule_sets` (`tenant_id`,`version`);--> statement-breakpoint
CREATE TABLE `search_terms` (
	`tenant_id` text NOT NULL,
	`ticket_id` text NOT NULL,
	`term` text NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_terms_pk` ON `search_terms` (`tenant_id`,`term`,`ticket_id`);--> statement-breakpoint
CREATE INDEX `search_terms_ticket` ON `search_terms` (`ticket_id`);--> statement-breakpoint
CREATE TABLE `skill_groups` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`strategy` text NOT NULL,
	`sticky` integer NOT NULL,
	`requeue_after_sec` integer,
	`overflow_after_sec` integer,
	`overflow_group_id` text,
	`business_hours` text,
	`out_of_hours_reply` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `skill_groups_key` ON `skill_groups` (`tenant_id`,`key`);--> statement-breakpoint
CREATE TABLE `sla_policies` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`targets` text NOT NULL,
	`business_hours` text,
	`active` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sla_policies_tenant` ON `sla_policies` (`tenant_id`);--> statement-breakpoint
CREATE TABLE `ticket_comments` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`ticket_id` text NOT NULL,
	`author_kind` text NOT NULL,
	`author_id` text,
	`public` integer NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ticket_comments_ticket` ON `ticket_comments` (`ticket_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `ticket_events` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`ticket_id` text NOT NULL,
	`kind` text NOT NULL,
	`actor_kind` text NOT NULL,
	`actor_id` text,
	`data` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ticket_events_ticket` ON `ticket_events` (`ticket_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `ticket_tags` (
	`tenant_id` text NOT NULL,
	`ticket_id` text NOT NULL,
	`tag` text NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ticket_tags_pk` ON `ticket_tags` (`ticket_id`,`tag`);--> statement-breakpoint
CREATE INDEX `ticket_tags_tag` ON `ticket_tags` (`tenant_id`,`tag`);--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`number` integer NOT NULL,
	`subject` text NOT NULL,
	`status` text NOT NULL,
	`priority` text NOT NULL,
	`requester_id` text,
	`assignee_id` text,
	`group_id` text,
	`tags` text NOT NULL,
	`custom_fields` text NOT NULL,
	`conversation_id` text,
	`merged_into_id` text,
	`sla_policy_id` text,
	`first_response_due_at` integer,
	`next_response_due_at` integer,
	`resolution_due_at` integer,
	`first_responded_at` integer,
	`breached_at` integer,
	`sla_next_due_at` integer,
	`breaches` text NOT NULL,
	`csat_score` integer,
	`csat_comment` text,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`solved_at` integer,
	`closed_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requester_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_number` ON `tickets` (`tenant_id`,`number`);--> statement-breakpoint
CREATE INDEX `tickets_tenant_status` ON `tickets` (`tenant_id`,`status`,`updated_at`);--> statement-breakpoint
CREATE INDEX `tickets_assignee` ON `tickets` (`tenant_id`,`assignee_id`,`status`);--> statement-breakpoint
CREATE INDEX `tickets_conversation` ON `tickets` (`conversation_id`);--> statement-breakpoint
CREATE INDEX `tickets_requester` ON `tickets` (`requester_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `tickets_sla_next_due` ON `tickets` (`sla_next_due_at`);--> statement-breakpoint
ALTER TABLE `conversations` ADD `group_id` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `priority` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `tags` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `queued_at` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `assigned_at` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `first_response_at` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `ticket_id` text;