-- Objects a failed task could not delete when it failed (storage refused): the workers' sweep
-- retries each until storage takes the delete, unless a live file has taken the key meanwhile.
CREATE TABLE object_deletions (
    storage_key  text PRIMARY KEY,
    task_id      text NOT NULL,
    created      timestamptz NOT NULL,
    attempts     integer NOT NULL DEFAULT 0,
    last_error   text
);
