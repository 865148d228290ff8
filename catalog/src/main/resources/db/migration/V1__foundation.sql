-- Smidgen schema, part 1: projects and keys, media and files, tasks and the outbox.
-- Ids are public strings (prefix_random); every row is scoped by project_id.

CREATE TABLE projects (
    id          text PRIMARY KEY,
    org_id      text NOT NULL,
    name        text NOT NULL,
    private     boolean NOT NULL DEFAULT false,
    created     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    id          text PRIMARY KEY,
    project_id  text NOT NULL REFERENCES projects (id),
    -- sha256 of the secret: keys are high-entropy, so a fast hash is enough and lookups stay O(1).
    key_hash    text NOT NULL UNIQUE,
    hint        text NOT NULL,
    created     timestamptz NOT NULL DEFAULT now(),
    revoked     timestamptz
);

CREATE TABLE media (
    id           text PRIMARY KEY,
    project_id   text NOT NULL REFERENCES projects (id),
    title        text,
    alias        text,
    folder       text,
    kind         text,
    width        integer,
    height       integer,
    duration     double precision,
    fps          double precision,
    filesize     bigint,
    placeholder  text,
    background   text,
    metadata     jsonb NOT NULL DEFAULT '{}'::jsonb,
    status       text NOT NULL,
    created      timestamptz NOT NULL,
    updated      timestamptz NOT NULL,
    deleted      timestamptz
);
CREATE UNIQUE INDEX media_alias_live ON media (project_id, alias) WHERE alias IS NOT NULL AND deleted IS NULL;
CREATE INDEX media_project_created ON media (project_id, created DESC, id DESC) WHERE deleted IS NULL;

CREATE TABLE files (
    id            text PRIMARY KEY,
    project_id    text NOT NULL REFERENCES projects (id),
    media_id      text REFERENCES media (id),
    object        text NOT NULL DEFAULT 'source',
    label         text,
    original      boolean NOT NULL DEFAULT false,
    kind          text,
    mime_type     text,
    container     text,
    codec         text,
    width         integer,
    height        integer,
    duration      double precision,
    fps           double precision,
    bitrate       bigint,
    filesize      bigint,
    folder        text,
    filename      text,
    storage_key   text NOT NULL,
    checksum      text,
    orientation   text,
    rotation      integer,
    transparency  boolean,
    animated      boolean,
    frames        bigint,
    language      text,
    ref           text,
    metadata      jsonb NOT NULL DEFAULT '{}'::jsonb,
    status        text NOT NULL,
    created       timestamptz NOT NULL,
    updated       timestamptz NOT NULL,
    deleted       timestamptz
);
-- A live path belongs to one file; overwrite detaches the old file's path (filename NULL).
CREATE UNIQUE INDEX files_path_live ON files (project_id, coalesce(folder, ''), filename)
    WHERE filename IS NOT NULL AND deleted IS NULL;
-- Delivery resolves URLs by object key; detached files live under a '.detached/' key no user path can take.
CREATE UNIQUE INDEX files_storage_key_live ON files (storage_key) WHERE deleted IS NULL;
CREATE INDEX files_project_created ON files (project_id, created DESC, id DESC) WHERE deleted IS NULL;
CREATE INDEX files_media ON files (media_id);

CREATE TABLE tasks (
    id             text PRIMARY KEY,
    project_id     text NOT NULL REFERENCES projects (id),
    kind           text NOT NULL,
    status         text NOT NULL,
    input          jsonb NOT NULL,
    options        jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- Ids of what the task will create, fixed when it is created so that a retried task writes
    -- the same rows and the same object instead of a second copy.
    file_id        text NOT NULL,
    media_id       text,
    progress       real NOT NULL DEFAULT 0,
    attempts       integer NOT NULL DEFAULT 0,
    error_code     text,
    error_message  text,
    lease_owner    text,
    lease_expires  timestamptz,
    webhook_url    text,
    created        timestamptz NOT NULL,
    updated        timestamptz NOT NULL,
    started        timestamptz,
    finished       timestamptz
);
CREATE INDEX tasks_project_created ON tasks (project_id, created DESC, id DESC);
CREATE INDEX tasks_unfinished ON tasks (kind, status, lease_expires) WHERE status IN ('pending', 'processing');

-- Transactional outbox: written with the domain rows, relayed to Kafka by api-service.
CREATE TABLE outbox (
    id       bigserial PRIMARY KEY,
    topic    text NOT NULL,
    msg_key  text NOT NULL,
    payload  text NOT NULL,
    created  timestamptz NOT NULL DEFAULT now()
);

-- Synchronous endpoints wait for this instead of polling.
CREATE FUNCTION notify_task_finished() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('smidgen_task_finished', NEW.id);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER tasks_finished
    AFTER UPDATE OF status ON tasks
    FOR EACH ROW
    WHEN (NEW.status IN ('completed', 'failed') AND OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION notify_task_finished();
