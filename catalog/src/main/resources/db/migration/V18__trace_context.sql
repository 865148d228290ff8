-- Tracing: the W3C traceparent of the request that created a task, kept with the task (its
-- responses show the trace id; workers and webhook deliveries continue that trace) and with its
-- outbox row (the relay puts it in the Kafka record's headers). Null when the writer had no trace.
ALTER TABLE tasks ADD COLUMN trace_parent text;
ALTER TABLE outbox ADD COLUMN trace_parent text;
