-- Conversions (issue 6): what a conversion needs to know about its input at request time, and
-- conversions of a URL that wait for the ingest of that URL.

-- Whether the file has an audio stream. NULL for files stored before this was recorded: the
-- request-time check lets those through and the worker finds out.
ALTER TABLE files ADD COLUMN has_audio boolean;

-- A conversion of a URL is created with the ingest task that fetches it (parent_id), in status
-- 'waiting' and unannounced; the ingest's completion makes it 'pending' (and announces it), the
-- ingest's failure fails it with the same error.
ALTER TABLE tasks ADD COLUMN parent_id text REFERENCES tasks (id);
CREATE INDEX tasks_waiting_on ON tasks (parent_id) WHERE status = 'waiting';
