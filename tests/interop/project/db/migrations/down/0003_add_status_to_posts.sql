DROP INDEX posts_status;
ALTER TABLE posts DROP COLUMN status;
