-- Webhooks and automations (issue 6). What happened is journaled in the transaction that made it
-- happen (events); a dispatcher in api-service fans each event out into deliveries (one per
-- subscribed endpoint, plus the task's own webhook_url) and fires automations; a sender posts the
-- deliveries and retries them. Every step is a row, so a crash anywhere loses and duplicates nothing.

-- The secret that signs deliveries to a task's own webhook_url (endpoints have their own).
-- Existing projects get one here, from the server's strong random source (see V3).
ALTER TABLE projects ADD COLUMN webhook_secret text;
UPDATE projects
   SET webhook_secret = 'whsec_' || substr(encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex'), 1, 32);
ALTER TABLE projects ALTER COLUMN webhook_secret SET NOT NULL;

CREATE TABLE events (
    id           text PRIMARY KEY,
    project_id   text NOT NULL REFERENCES projects (id),
    -- task.completed | task.failed | media.created
    topic        text NOT NULL,
    -- The task or media id the event is about.
    subject_id   text NOT NULL,
    created      timestamptz NOT NULL,
    -- Set in the transaction that created the event's deliveries and automation tasks.
    dispatched   timestamptz,
    -- An event whose dispatch failed unexpectedly waits until then, so it cannot hold up the others.
    not_before   timestamptz
);
-- Each of these happens once to its subject; the index makes a second record a no-op.
CREATE UNIQUE INDEX events_once ON events (subject_id, topic)
    WHERE topic IN ('task.completed', 'task.failed', 'media.created');
CREATE INDEX events_undispatched ON events (created, id) WHERE dispatched IS NULL;

CREATE TABLE webhook_endpoints (
    id           text PRIMARY KEY,
    project_id   text NOT NULL REFERENCES projects (id),
    url          text NOT NULL,
    topics       text[] NOT NULL,
    secret       text NOT NULL,
    description  text,
    created      timestamptz NOT NULL,
    updated      timestamptz NOT NULL,
    -- Deleted endpoints stay for their deliveries' history; they get no new deliveries.
    deleted      timestamptz
);
CREATE INDEX webhook_endpoints_project ON webhook_endpoints (project_id, created DESC, id DESC) WHERE deleted IS NULL;

CREATE TABLE webhook_deliveries (
    id                text PRIMARY KEY,
    project_id        text NOT NULL REFERENCES projects (id),
    event_id          text NOT NULL REFERENCES events (id),
    topic             text NOT NULL,
    -- NULL: the task's own webhook_url, signed with projects.webhook_secret.
    endpoint_id       text REFERENCES webhook_endpoints (id),
    url               text NOT NULL,
    -- Rendered once at fan-out, so every retry sends the same bytes.
    body              text NOT NULL,
    -- pending → delivered | failed
    status            text NOT NULL,
    -- Attempts started; a sender claims an attempt by raising it (and pushing next_attempt past the
    -- attempt's longest duration, so a sender that dies mid-request is retried later, not lost).
    attempts          integer NOT NULL DEFAULT 0,
    next_attempt      timestamptz,
    -- No attempt starts after this (the event's time + smidgen.webhooks.retry-for).
    give_up_after     timestamptz NOT NULL,
    last_status_code  integer,
    last_error        text,
    created           timestamptz NOT NULL,
    updated           timestamptz NOT NULL,
    delivered         timestamptz
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id, created, id);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created DESC, id DESC);
CREATE INDEX webhook_deliveries_project ON webhook_deliveries (project_id, created DESC, id DESC);

CREATE TABLE webhook_attempts (
    delivery_id  text NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt      integer NOT NULL,
    started      timestamptz NOT NULL,
    duration_ms  integer NOT NULL,
    -- The receiver's HTTP status, or NULL when no answer came (then error says why).
    status_code  integer,
    error        text,
    PRIMARY KEY (delivery_id, attempt)
);

CREATE TABLE automations (
    id          text PRIMARY KEY,
    project_id  text NOT NULL REFERENCES projects (id),
    name        text,
    -- {"event": "media.created", "conditions": {operator, rules} | null}
    trigger     jsonb NOT NULL,
    -- [{kind, format, width, height, quality, label}, ...]
    tasks       jsonb NOT NULL,
    enabled     boolean NOT NULL DEFAULT true,
    created     timestamptz NOT NULL,
    updated     timestamptz NOT NULL
);
CREATE INDEX automations_project ON automations (project_id, created DESC, id DESC);
CREATE INDEX automations_firing ON automations (project_id, (trigger ->> 'event')) WHERE enabled;
