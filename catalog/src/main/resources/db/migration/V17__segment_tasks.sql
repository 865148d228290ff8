-- Smidgen schema, part 17: segment-parallel encoding (docs/adr/0013-segment-child-tasks.md).
--
-- A long video conversion becomes a parent task with segment children: one per time range of the
-- video plus one for the whole audio track. The children are ordinary transcode tasks that any
-- worker claims; segment_of links each to its parent. (parent_id already means "the task this one
-- waits for", the opposite direction, and keeps that meaning.)
ALTER TABLE tasks ADD COLUMN segment_of text REFERENCES tasks (id);
-- What the child encodes: {"index": n, "start": s, "end": e, "weight": w} for a video range (end
-- null for the last, open range), {"audio": true, "weight": w} for the audio track.
ALTER TABLE tasks ADD COLUMN segment jsonb;
CREATE INDEX tasks_segments ON tasks (segment_of) WHERE segment_of IS NOT NULL;
