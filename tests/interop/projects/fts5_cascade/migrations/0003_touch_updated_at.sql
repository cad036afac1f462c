CREATE TRIGGER tasks_touch AFTER UPDATE OF title, body, status ON tasks
WHEN old.updated_at = new.updated_at
BEGIN
  UPDATE tasks SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = new.id;
END;
CREATE VIEW open_tasks AS SELECT t.id, t.title, p.name AS project FROM tasks t JOIN projects p ON p.id = t.project_id WHERE t.status = 'open';
