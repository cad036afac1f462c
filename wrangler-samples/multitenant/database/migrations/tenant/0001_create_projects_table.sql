-- Each tenant database has its own projects.
CREATE TABLE projects (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  created_at TEXT,
  updated_at TEXT
);
