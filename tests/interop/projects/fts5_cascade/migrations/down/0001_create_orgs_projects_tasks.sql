DROP TABLE tasks;
DROP TABLE projects;
DROP TABLE users;
DROP TABLE orgs;
