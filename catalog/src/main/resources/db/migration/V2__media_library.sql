-- Smidgen schema, part 2: the media library (lists at millions of rows, soft delete with retention).

-- The original file's name on the media row, so media lists can sort by filename without a join.
ALTER TABLE media ADD COLUMN filename text;
UPDATE media m SET filename = f.filename FROM files f WHERE f.media_id = m.id AND f.original;

-- A soft-deleted file keeps its path (and object) until it is purged, so a restore finds both;
-- a new file may only take that path with overwrite, which detaches the deleted one.
DROP INDEX files_path_live;
CREATE UNIQUE INDEX files_path ON files (project_id, coalesce(folder, ''), filename) WHERE filename IS NOT NULL;
DROP INDEX files_storage_key_live;
CREATE UNIQUE INDEX files_storage_key ON files (storage_key);

-- List indexes: one (project, sort key, id) btree per sort key over live rows; ascending indexes
-- serve both orders (a backward scan gives DESC with the tie broken by id DESC).
DROP INDEX media_project_created;
CREATE INDEX media_by_created  ON media (project_id, created, id)  WHERE deleted IS NULL;
CREATE INDEX media_by_updated  ON media (project_id, updated, id)  WHERE deleted IS NULL;
CREATE INDEX media_by_filesize ON media (project_id, filesize, id) WHERE deleted IS NULL;
CREATE INDEX media_by_duration ON media (project_id, duration, id) WHERE deleted IS NULL;
CREATE INDEX media_by_width    ON media (project_id, width, id)    WHERE deleted IS NULL;
CREATE INDEX media_by_height   ON media (project_id, height, id)   WHERE deleted IS NULL;
CREATE INDEX media_by_fps      ON media (project_id, fps, id)      WHERE deleted IS NULL;
CREATE INDEX media_by_filename ON media (project_id, filename, id) WHERE deleted IS NULL;
CREATE INDEX media_by_kind_created ON media (project_id, kind, created, id) WHERE deleted IS NULL;
CREATE INDEX media_by_folder_created ON media (project_id, folder, created, id) WHERE deleted IS NULL;
-- metadata.KEY=value filters become containment (@>) queries.
CREATE INDEX media_metadata ON media USING gin (metadata jsonb_path_ops) WHERE deleted IS NULL;
CREATE INDEX media_deleted ON media (deleted) WHERE deleted IS NOT NULL;

DROP INDEX files_project_created;
CREATE INDEX files_by_created  ON files (project_id, created, id)  WHERE deleted IS NULL;
CREATE INDEX files_by_updated  ON files (project_id, updated, id)  WHERE deleted IS NULL;
CREATE INDEX files_by_filesize ON files (project_id, filesize, id) WHERE deleted IS NULL;
CREATE INDEX files_by_duration ON files (project_id, duration, id) WHERE deleted IS NULL;
CREATE INDEX files_by_width    ON files (project_id, width, id)    WHERE deleted IS NULL;
CREATE INDEX files_by_height   ON files (project_id, height, id)   WHERE deleted IS NULL;
CREATE INDEX files_by_fps      ON files (project_id, fps, id)      WHERE deleted IS NULL;
CREATE INDEX files_by_filename ON files (project_id, filename, id) WHERE deleted IS NULL;
CREATE INDEX files_by_kind_created ON files (project_id, kind, created, id) WHERE deleted IS NULL;
CREATE INDEX files_by_folder_created ON files (project_id, folder, created, id) WHERE deleted IS NULL;
CREATE INDEX files_metadata ON files USING gin (metadata jsonb_path_ops) WHERE deleted IS NULL;
CREATE INDEX files_deleted ON files (deleted) WHERE deleted IS NOT NULL;
