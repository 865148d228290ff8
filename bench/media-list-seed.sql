-- Seeds :n_a live media rows, each with its original file, into project :'project_a' and :n_b into :'project_b'
-- (psql variables), for bench/media-list.sh. Deterministic: every "random" value is a hash of the row number, so two
-- runs give the same data. Run it on projects without media (the script wipes the bench projects first).
--
--   psql -v project_a=prj_x -v n_a=1000000 -v project_b=prj_y -v n_b=10000 -f bench/media-list-seed.sql
--
-- One transaction. The non-unique indexes of media and files are dropped first and rebuilt from their own
-- definitions (pg_get_indexdef) after the inserts: building an index once is several times faster than
-- maintaining it row by row. Unique indexes, keys and foreign keys stay, so every constraint is checked as
-- usual. The user triggers (the live counts of migration V6) are off during the load, as V6 asks of bulk
-- loads, and recount_live_rows() brings the counts up to date at the end.
--
-- Distributions (per row i):
--   kind       image 45 %, video 40 %, audio 15 %
--   video      1920x1080 40 %, 1080x1920 20 %, 1280x720 25 %, 3840x2160 10 %, 720x1280 5 %; 1–600 s (mostly short);
--              24/25/29.97/30/60 fps; 1–12 Mbit/s, so filesize 0.1 MB – 900 MB
--   image      a few camera and web sizes, 40 KB – 8 MB; no duration or fps
--   audio      30–420 s at 96–320 kbit/s; no width, height or fps
--   folder     300 folders user_N/uploads, skewed (user_0 holds the most), 3 % in no folder
--   created    spread uniformly over the year before now(); updated up to 10 days later (not after now())
--   metadata   5 keys: user_id 1..50000 (half JSON numbers, half strings), source (upload 50 %, import 25 %,
--              api 15 %, camera 7 %, sync 3 %), purpose (5 values), batch (one per 2000 rows), tag (200 values)
-- Rows go in in created order, as a real library fills up.
\set ON_ERROR_STOP on

BEGIN;
SET LOCAL maintenance_work_mem = '256MB';
SELECT extract(epoch FROM clock_timestamp()) AS t_start \gset

CREATE TEMP TABLE seed_indexes ON COMMIT DROP AS
SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid IN ('media'::regclass, 'files'::regclass) AND NOT i.indisunique;
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT name FROM seed_indexes LOOP
        EXECUTE format('DROP INDEX %I', r.name);
    END LOOP;
END $$;
ALTER TABLE media DISABLE TRIGGER USER;
ALTER TABLE files DISABLE TRIGGER USER;

CREATE TEMP TABLE seed ON COMMIT DROP AS
SELECT p.project, i,
       -- independent uniform values in [0, 1), one per property
       (hashtext(i || ':kind')::bigint + 2147483648) / 4294967296.0 AS r_kind,
       (hashtext(i || ':shape')::bigint + 2147483648) / 4294967296.0 AS r_shape,
       (hashtext(i || ':len')::bigint + 2147483648) / 4294967296.0 AS r_len,
       (hashtext(i || ':rate')::bigint + 2147483648) / 4294967296.0 AS r_rate,
       (hashtext(i || ':folder')::bigint + 2147483648) / 4294967296.0 AS r_folder,
       (hashtext(i || ':time')::bigint + 2147483648) / 4294967296.0 AS r_time,
       (hashtext(i || ':user')::bigint + 2147483648) / 4294967296.0 AS r_user,
       (hashtext(i || ':type')::bigint + 2147483648) / 4294967296.0 AS r_type,
       (hashtext(i || ':source')::bigint + 2147483648) / 4294967296.0 AS r_source,
       (hashtext(i || ':purpose')::bigint + 2147483648) / 4294967296.0 AS r_purpose,
       (hashtext(i || ':tag')::bigint + 2147483648) / 4294967296.0 AS r_tag,
       -- ids: 5 random-looking hex chars, the project's tag, then the row number in hex: unique by construction
       substr(md5(p.project || i), 1, 5) || p.tag || lpad(to_hex(i), 6, '0') AS suffix
FROM (VALUES (:'project_a', :n_a, 'a'), (:'project_b', :n_b, 'b')) AS p (project, n, tag)
CROSS JOIN LATERAL generate_series(1, p.n) AS i;

CREATE TEMP TABLE seed_rows ON COMMIT DROP AS
SELECT s.*,
       k.kind,
       CASE k.kind
           WHEN 'video' THEN (ARRAY[1920, 1920, 1920, 1920, 1080, 1080, 1280, 1280, 1280, 1280, 1280, 3840, 3840, 720, 1920, 1920, 1920, 1920, 1080, 1080])[1 + floor(s.r_shape * 20)::int]
           WHEN 'image' THEN (ARRAY[4032, 3024, 1080, 1920, 800, 2048, 1200, 640])[1 + floor(s.r_shape * 8)::int]
       END AS width,
       CASE k.kind
           WHEN 'video' THEN (ARRAY[1080, 1080, 1080, 1080, 1920, 1920, 720, 720, 720, 720, 720, 2160, 2160, 1280, 1080, 1080, 1080, 1080, 1920, 1920])[1 + floor(s.r_shape * 20)::int]
           WHEN 'image' THEN (ARRAY[3024, 4032, 1080, 1080, 600, 1536, 628, 640])[1 + floor(s.r_shape * 8)::int]
       END AS height,
       CASE k.kind
           WHEN 'video' THEN round((1 + 599 * s.r_len * s.r_len)::numeric, 3)::float8
           WHEN 'audio' THEN round((30 + 390 * s.r_len)::numeric, 3)::float8
       END AS duration,
       CASE WHEN k.kind = 'video' THEN (ARRAY[24, 25, 29.97, 30, 30, 30, 60])[1 + floor(s.r_rate * 7)::int]::float8 END AS fps,
       CASE k.kind
           -- bytes = seconds * bit/s / 8
           WHEN 'video' THEN ((1 + 599 * s.r_len * s.r_len) * (1000000 + 11000000 * s.r_rate) / 8)::bigint
           WHEN 'audio' THEN ((30 + 390 * s.r_len) * (96000 + 224000 * s.r_rate) / 8)::bigint
           ELSE (40000 + 8000000 * s.r_rate * s.r_rate * s.r_len)::bigint
       END AS filesize,
       CASE WHEN s.r_folder < 0.03 THEN NULL ELSE 'user_' || floor(300 * ((s.r_folder - 0.03) / 0.97) ^ 2)::int || '/uploads' END AS folder,
       date_trunc('second', now() - interval '365 days' * s.r_time) AS created
FROM seed s
CROSS JOIN LATERAL (SELECT CASE WHEN s.r_kind < 0.45 THEN 'image' WHEN s.r_kind < 0.85 THEN 'video' ELSE 'audio' END AS kind) k;

INSERT INTO media (id, project_id, title, alias, folder, filename, kind, width, height, duration, fps, filesize,
                   placeholder, background, metadata, status, created, updated, deleted)
SELECT 'med_' || suffix,
       project,
       'Item ' || i,
       NULL,
       folder,
       suffix || CASE kind WHEN 'video' THEN '.mp4' WHEN 'image' THEN '.jpg' ELSE '.mp3' END,
       kind, width, height, duration, fps, filesize,
       -- a placeholder the size of a real one (~350 bytes) for images and videos
       CASE WHEN kind <> 'audio' THEN 'data:image/webp;base64,UklGR' || repeat(md5(suffix), 10) END,
       '#' || substr(md5(suffix || 'bg'), 1, 6),
       jsonb_build_object(
           'user_id', CASE WHEN r_type < 0.5 THEN to_jsonb(1 + floor(50000 * r_user)::int)
                           ELSE to_jsonb((1 + floor(50000 * r_user)::int)::text) END,
           'source', CASE WHEN r_source < 0.50 THEN 'upload' WHEN r_source < 0.75 THEN 'import'
                          WHEN r_source < 0.90 THEN 'api' WHEN r_source < 0.97 THEN 'camera' ELSE 'sync' END,
           'purpose', (ARRAY['post', 'story', 'avatar', 'banner', 'ad'])[1 + floor(r_purpose * 5)::int],
           'batch', 'batch_' || (i / 2000),
           'tag', 'tag' || floor(r_tag * 200)::int),
       'active',
       created,
       least(created + interval '10 days' * r_rate, date_trunc('second', now())),
       NULL
FROM seed_rows
ORDER BY created, suffix;

INSERT INTO files (id, project_id, media_id, object, label, original, kind, mime_type, container, codec, width, height,
                   duration, fps, bitrate, filesize, folder, filename, storage_key, checksum, orientation, rotation,
                   transparency, animated, frames, language, ref, metadata, status, created, updated, deleted)
SELECT 'file_' || substr(m.id, 5),
       m.project_id,
       m.id,
       'source',
       NULL,
       true,
       m.kind,
       CASE m.kind WHEN 'video' THEN 'video/mp4' WHEN 'image' THEN 'image/jpeg' ELSE 'audio/mpeg' END,
       CASE m.kind WHEN 'video' THEN 'mp4' WHEN 'image' THEN 'jpeg' ELSE 'mp3' END,
       CASE m.kind WHEN 'video' THEN 'h264' WHEN 'image' THEN 'mjpeg' ELSE 'mp3' END,
       m.width, m.height, m.duration, m.fps,
       CASE WHEN m.duration > 0 THEN (m.filesize * 8 / m.duration)::bigint END,
       m.filesize,
       m.folder,
       m.filename,
       m.project_id || '/' || coalesce(m.folder || '/', '') || m.filename,
       'sha256:' || md5(m.id) || md5(m.id || 'x'),
       CASE WHEN m.width IS NULL THEN NULL WHEN m.width > m.height THEN 'landscape' WHEN m.width < m.height THEN 'portrait' ELSE 'square' END,
       CASE WHEN m.width IS NULL THEN NULL ELSE 0 END,
       CASE WHEN m.kind = 'image' THEN false END,
       CASE WHEN m.kind = 'image' THEN false END,
       CASE WHEN m.kind = 'video' THEN (m.duration * m.fps)::bigint END,
       NULL, NULL, '{}'::jsonb, 'ready', m.created, m.created, NULL
FROM media m
WHERE m.project_id IN (:'project_a', :'project_b')
ORDER BY m.created, m.id;

ALTER TABLE media ENABLE TRIGGER USER;
ALTER TABLE files ENABLE TRIGGER USER;
SELECT recount_live_rows() AS recounted \gset
SELECT extract(epoch FROM clock_timestamp()) AS t_inserted \gset
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT def FROM seed_indexes LOOP
        EXECUTE r.def;
    END LOOP;
END $$;
SELECT round((:t_inserted - :t_start)::numeric, 1) AS insert_s,
       round((extract(epoch FROM clock_timestamp()) - :t_inserted)::numeric, 1) AS index_s,
       (SELECT count(*) FROM seed_indexes) AS indexes \gset
\echo '   inserts' :insert_s 's, then' :indexes 'indexes rebuilt in' :index_s 's'
COMMIT;
