-- Smidgen schema, part 7: list indexes that bench/media-list.sh showed missing at 1,000,000 media
-- (figures and plans in bench/PROPOSED-INDEXES.md).

-- kind= with a sort other than created: V2's (project, sort key, id) indexes return rows in sort order but
-- must skip every row of the other kinds, and the sort keys correlate with kind (images are the smallest
-- files, have no duration or fps; audio has no width or height), so "sort=filesize&order=asc&kind=video"
-- walked 90,000 index entries and their heap rows before the first video: 430 ms. With kind after the
-- project, each (project, kind) is one ordered range, read in either direction like the V2 indexes.
CREATE INDEX media_by_kind_updated  ON media (project_id, kind, updated, id)  WHERE deleted IS NULL;
CREATE INDEX media_by_kind_filesize ON media (project_id, kind, filesize, id) WHERE deleted IS NULL;
CREATE INDEX media_by_kind_duration ON media (project_id, kind, duration, id) WHERE deleted IS NULL;
CREATE INDEX media_by_kind_width    ON media (project_id, kind, width, id)    WHERE deleted IS NULL;
CREATE INDEX media_by_kind_height   ON media (project_id, kind, height, id)   WHERE deleted IS NULL;
CREATE INDEX media_by_kind_fps      ON media (project_id, kind, fps, id)      WHERE deleted IS NULL;
CREATE INDEX media_by_kind_filename ON media (project_id, kind, filename, id) WHERE deleted IS NULL;

CREATE INDEX files_by_kind_updated  ON files (project_id, kind, updated, id)  WHERE deleted IS NULL;
CREATE INDEX files_by_kind_filesize ON files (project_id, kind, filesize, id) WHERE deleted IS NULL;
CREATE INDEX files_by_kind_duration ON files (project_id, kind, duration, id) WHERE deleted IS NULL;
CREATE INDEX files_by_kind_width    ON files (project_id, kind, width, id)    WHERE deleted IS NULL;
CREATE INDEX files_by_kind_height   ON files (project_id, kind, height, id)   WHERE deleted IS NULL;
CREATE INDEX files_by_kind_fps      ON files (project_id, kind, fps, id)      WHERE deleted IS NULL;
CREATE INDEX files_by_kind_filename ON files (project_id, kind, filename, id) WHERE deleted IS NULL;
