-- Idempotency-Key support for the public API's POSTs: the first response to a key is kept for
-- 24 hours and replayed to retries of the same request.

CREATE TABLE idempotency_keys (
    project_id    text NOT NULL REFERENCES projects (id),
    key           text NOT NULL,
    -- The request holding the key (its meta.id): only that request may store or release it.
    request_id    text NOT NULL,
    method        text NOT NULL,
    -- Path and query string of the first request; a retry must name the same one.
    path          text NOT NULL,
    -- sha256 (hex) of the first request's body bytes.
    request_hash  text NOT NULL,
    -- The stored response; status is NULL while the first request is still in flight.
    status        integer,
    content_type  text,
    body          bytea,
    created       timestamptz NOT NULL DEFAULT now(),
    completed     timestamptz,
    -- Keys are the client's own strings, so they are only unique within a project.
    PRIMARY KEY (project_id, key)
);
-- The hourly purge deletes by age.
CREATE INDEX idempotency_keys_created ON idempotency_keys (created);
