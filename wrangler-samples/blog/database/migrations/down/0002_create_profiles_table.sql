-- Undo: create_profiles_table
DROP TABLE IF EXISTS profiles;
