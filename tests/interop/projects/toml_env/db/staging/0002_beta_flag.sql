INSERT INTO flags (key, enabled) VALUES ('beta', 1);
