-- External-content FTS5 index over tasks, kept in step by triggers (the trigger bodies
-- hold semicolons: a statement splitter must not cut inside BEGIN ... END).
CREATE VIRTUAL TABLE tasks_fts USING fts5(title, body, content='tasks', content_rowid='id', tokenize='porter unicode61');
CREATE TRIGGER tasks_ai AFTER INSERT ON tasks BEGIN
  INSERT INTO tasks_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER tasks_ad AFTER DELETE ON tasks BEGIN
  INSERT INTO tasks_fts(tasks_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER tasks_au AFTER UPDATE ON tasks BEGIN
  INSERT INTO tasks_fts(tasks_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
  INSERT INTO tasks_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
INSERT INTO tasks_fts(tasks_fts) VALUES ('rebuild');
