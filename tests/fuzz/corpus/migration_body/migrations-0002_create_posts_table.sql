-- Migration: create_posts_table
CREATE TABLE posts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  created_at TEXT,
  updated_at TEXT
);
CREATE INDEX posts_user_id ON posts (user_id);
