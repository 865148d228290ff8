-- New outbox rows and new events wake the api-service's relay and webhook dispatcher at commit,
-- instead of waiting for their next periodic look at the table (which stays, as the fallback).
-- Statement-level and without a payload: one insert statement is one wake-up, and Postgres folds
-- identical notifications of one transaction into one.
CREATE FUNCTION notify_rows_inserted() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify(TG_ARGV[0], '');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER outbox_inserted
    AFTER INSERT ON outbox
    FOR EACH STATEMENT
    EXECUTE FUNCTION notify_rows_inserted('smidgen_outbox');

CREATE TRIGGER events_inserted
    AFTER INSERT ON events
    FOR EACH STATEMENT
    EXECUTE FUNCTION notify_rows_inserted('smidgen_events');
