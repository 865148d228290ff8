-- Every project gets the key that signs its delivery URLs (UrlSigner): 32 random bytes, hex.
-- New projects get theirs from the API (SecureRandom). Existing rows get one here without any
-- extension: three gen_random_uuid() (core since PostgreSQL 13, from the server's strong random
-- source, 122 random bits each: 366 in all) hashed with sha256 give a key of the same 32 bytes.
ALTER TABLE projects ADD COLUMN signing_key text;

UPDATE projects
   SET signing_key = encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex');

ALTER TABLE projects ALTER COLUMN signing_key SET NOT NULL;
