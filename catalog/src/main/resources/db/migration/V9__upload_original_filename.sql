-- The client's own name for an uploaded file when its protocol says it only at the start (tus
-- Upload-Metadata "filename" on creation), kept until completion hands it to ingest.
ALTER TABLE upload_sessions ADD COLUMN original_filename text;
