-- notes kept beside the migrations; not a migration
SELECT 1;
