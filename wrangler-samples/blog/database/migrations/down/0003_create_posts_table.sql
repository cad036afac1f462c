-- Undo: create_posts_table
DROP TABLE IF EXISTS posts;
