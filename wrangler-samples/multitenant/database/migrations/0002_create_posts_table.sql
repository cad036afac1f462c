-- Row-level tenancy: every post belongs to one organization.
CREATE TABLE posts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id INTEGER NOT NULL REFERENCES organizations(id),
  title TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft',
  created_at TEXT,
  updated_at TEXT,
  deleted_at TEXT
);
CREATE INDEX idx_posts_org_id ON posts (org_id);
