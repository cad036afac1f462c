-- Migration: add_status_to_posts
ALTER TABLE posts ADD COLUMN status TEXT NOT NULL DEFAULT 'draft';
CREATE INDEX posts_status ON posts (status);
