-- strings, quoted names and comments hold semicolons
INSERT INTO users (name) VALUES ('a;b'), ("c;d"), (`e;f`), ([g;h]);
/* ; */ SELECT 1;;
CREATE TRIGGER t AFTER INSERT ON users BEGIN UPDATE users SET name = 'x' WHERE id = new.id; END;
PRAGMA table_info(users); PRAGMA foreign_keys = ON; EXPLAIN SELECT * FROM posts;
WITH x AS (SELECT 1) SELECT * FROM x; VALUES (1), (2);
BEGIN; COMMIT; SAVEPOINT s; RELEASE s; ROLLBACK
