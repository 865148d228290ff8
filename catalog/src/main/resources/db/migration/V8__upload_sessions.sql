-- Direct uploads (issue 5): sessions created with an API key, then fed by browsers through the
-- upload service. All state is here, so any upload-service replica can take any request and a
-- restart loses nothing.

CREATE TABLE upload_sessions (
    id               text PRIMARY KEY,
    project_id       text NOT NULL REFERENCES projects (id),
    -- open → completing → completed | failed; open → expired | cancelled.
    status           text NOT NULL,
    resumable        boolean NOT NULL,
    -- Fixed by the first request that carries bytes: simple, chunked, range or tus.
    protocol         text,
    folder           text,
    filename         text,
    alias            text,
    title            text,
    overwrite        boolean NOT NULL DEFAULT false,
    metadata         jsonb NOT NULL DEFAULT '{}'::jsonb,
    conditions       jsonb,
    -- Total size once a client declared it (Content-Length, Upload-Length, Content-Range total).
    declared_length  bigint,
    -- Bytes durably stored from offset 0 (offset protocols): complete parts plus the tail object.
    received         bigint NOT NULL DEFAULT 0,
    part_size        bigint,
    -- Where the assembled object lives; it stays there as the file's object once ingested.
    storage_key      text NOT NULL UNIQUE,
    multipart_id     text,
    -- Exclusive writer of an offset-protocol session (conditional UPDATE, expires if the writer dies).
    lock_owner       text,
    lock_expires     timestamptz,
    task_id          text,
    media_id         text,
    file_id          text,
    error_code       text,
    error_message    text,
    expires          timestamptz NOT NULL,
    created          timestamptz NOT NULL,
    updated          timestamptz NOT NULL,
    completed        timestamptz
);
CREATE INDEX upload_sessions_project_created ON upload_sessions (project_id, created DESC, id DESC);
-- A client that lost its upload URL finds its unfinished session by the fingerprint it put in metadata.
CREATE INDEX upload_sessions_fingerprint ON upload_sessions (project_id, (metadata ->> 'fingerprint'))
    WHERE status = 'open';
CREATE INDEX upload_sessions_expiring ON upload_sessions (expires) WHERE status IN ('open', 'completing');

-- S3 multipart parts of an offset-protocol session, and the chunks of a chunked one (each chunk is
-- its own object until completion assembles them into equal-sized parts).
CREATE TABLE upload_parts (
    session_id   text NOT NULL REFERENCES upload_sessions (id) ON DELETE CASCADE,
    -- 'part' (S3 part number, 1-based) or 'chunk' (client X-Upload-Index, 0-based).
    kind         text NOT NULL,
    number       integer NOT NULL,
    size         bigint NOT NULL,
    etag         text NOT NULL,
    storage_key  text,
    created      timestamptz NOT NULL,
    PRIMARY KEY (session_id, kind, number)
);
