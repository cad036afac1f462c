DROP VIEW open_tasks;
DROP TRIGGER tasks_touch;
