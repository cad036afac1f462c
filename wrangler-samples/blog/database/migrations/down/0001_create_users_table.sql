-- Undo: create_users_table
DROP TABLE IF EXISTS users;
