ALTER TABLE `users` ADD `avatar_url` text;
--> statement-breakpoint
CREATE INDEX `sessions_user_id_idx` ON `sessions` (`user_id`);
