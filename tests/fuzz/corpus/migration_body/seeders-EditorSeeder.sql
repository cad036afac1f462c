-- A plain SQL seeder (run by DatabaseSeeder, or alone: roost db:seed --class EditorSeeder).
INSERT OR IGNORE INTO users (name, email) VALUES ('Blog Editor', 'editor@blog.example');
