-- Smidgen schema, part 15: the jobs generation of the API (docs/api/jobs.md) and the user's own
-- storage (connections, docs/api/connections.md).

-- A job is what a client of the jobs generation asked for: one input, one kind of output, and an
-- optional export. Its steps are ordinary tasks (tasks.job_id) run by the ordinary workers; the job
-- row holds what the steps do not: the request as given, and the outcome, which the step that
-- finishes last writes in its own commit (so status and webhook event never disagree).
CREATE TABLE jobs (
    id             text PRIMARY KEY,
    project_id     text NOT NULL REFERENCES projects (id),
    kind           text NOT NULL,
    -- The input URL as the client wrote it (http, https or s3).
    input          text NOT NULL,
    -- The s3:// destination the client asked for, or NULL (then the output is a Smidgen URL).
    output_target  text,
    connection_id  text,
    options        jsonb NOT NULL DEFAULT '{}'::jsonb,
    metadata       jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- queued | processing | succeeded | failed | cancelled
    status         text NOT NULL,
    error_kind     text,
    error_message  text,
    created        timestamptz NOT NULL,
    updated        timestamptz NOT NULL,
    started        timestamptz,
    finished       timestamptz
);
-- Cursor paging walks (created, id) in either direction.
CREATE INDEX jobs_project_created ON jobs (project_id, created, id);

ALTER TABLE tasks ADD COLUMN job_id text REFERENCES jobs (id);
CREATE INDEX tasks_job ON tasks (job_id) WHERE job_id IS NOT NULL;
-- Which generation's shape the task is served in: 'files' (2025-08-20) or 'jobs'.
ALTER TABLE tasks ADD COLUMN generation text NOT NULL DEFAULT 'files';
-- What a step made that is not a file row: a probe's file object, an export's destination.
ALTER TABLE tasks ADD COLUMN output jsonb;
-- A probe or an export creates no file.
ALTER TABLE tasks ALTER COLUMN file_id DROP NOT NULL;

-- Synchronous waiters and job progress also hear of a cancelled task.
DROP TRIGGER tasks_finished ON tasks;
CREATE TRIGGER tasks_finished
    AFTER UPDATE OF status ON tasks
    FOR EACH ROW
    WHEN (NEW.status IN ('completed', 'failed', 'cancelled') AND OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION notify_task_finished();

-- A user's own S3-compatible storage. The secret key is sealed with AES-GCM under a key from
-- configuration (smidgen.connections.secret-key); it is never returned and never logged.
CREATE TABLE connections (
    id                 text PRIMARY KEY,
    project_id         text NOT NULL REFERENCES projects (id),
    kind               text NOT NULL,
    name               text NOT NULL,
    endpoint           text,
    region             text NOT NULL,
    access_key_id      text NOT NULL,
    secret_sealed      text NOT NULL,
    is_default         boolean NOT NULL DEFAULT false,
    created            timestamptz NOT NULL,
    updated            timestamptz NOT NULL
);
CREATE INDEX connections_project ON connections (project_id, created, id);
CREATE UNIQUE INDEX connections_one_default ON connections (project_id) WHERE is_default;
