-- Smidgen schema, part 16: a connection's default bucket (docs/api/connections.md). Optional: when
-- given, the check on create and test is a HEAD of this bucket (what the keys are for), else a
-- ListBuckets, which keys scoped to one bucket are often not allowed to do.
ALTER TABLE connections ADD COLUMN bucket text;
