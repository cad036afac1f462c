DROP TRIGGER tasks_au;
DROP TRIGGER tasks_ad;
DROP TRIGGER tasks_ai;
DROP TABLE tasks_fts;
