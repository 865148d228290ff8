-- A source can be a package of many objects under one key prefix (an HLS ladder, docs/api/adaptive-streaming.md):
-- its storage_key is the entry point (the master playlist), package_prefix the prefix every object of it starts
-- with, so that delivery finds the file of any object and deleting the file deletes them all.
-- renditions describes what the package holds (the ladder), for the API.
ALTER TABLE files ADD COLUMN package_prefix text;
ALTER TABLE files ADD COLUMN renditions jsonb;
CREATE UNIQUE INDEX files_package_prefix ON files (package_prefix) WHERE package_prefix IS NOT NULL;
