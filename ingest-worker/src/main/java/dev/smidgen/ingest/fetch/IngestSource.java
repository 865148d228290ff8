package dev.smidgen.ingest.fetch;

import dev.smidgen.catalog.connections.BucketObject;
import dev.smidgen.catalog.tasks.IngestInput;
import dev.smidgen.catalog.uploads.UploadSessionEntity;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.net.SourceUrl;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where an ingest's bytes come from, as its task input names them: a URL to download, an object of
 * the user's own bucket (an {@code s3://} input), or an upload the upload service already put in storage. Everything after the bytes are where they can be probed
 * is the same for both.
 */
public sealed interface IngestSource permits IngestSource.Url, IngestSource.Staged, IngestSource.Bucket {

    /**
     * Brings the bytes where they can be probed and measures and hashes them: a URL is downloaded into
     * {@code downloadTarget}; a staged upload stays where it is and nothing is written (the target is then
     * unused, and may be null). Transient failures are thrown as such so the caller can retry.
     */
    FetchResult fetch(SourceReader reader, Path downloadTarget, FetchProgress progress);

    /** The object already holding these bytes in storage, if any: it becomes the file's object as it is. */
    Optional<String> storedKey();

    /** What the logs name. */
    String describe();

    /**
     * Picks the source from a task's input: {@code upload} (with {@code staged_key}) if present, else
     * {@code object}, else {@code url}.
     *
     * @throws SmidgenException {@code invalid_request} on {@code url} when the input names neither
     */
    static IngestSource of(String projectId, IngestInput input) {
        if (input.upload() == null) {
            if (input.object() != null) {
                return new Bucket(projectId, input.object());
            }
            if (input.url() == null) {
                throw SmidgenException.invalid("url", "A source URL is required.");
            }
            return new Url(input.url());
        }
        return Staged.of(projectId, input.upload(), input.stagedKey(), input.sha256());
    }

    /** A URL the worker downloads under the ingest safety rules. */
    record Url(SourceUrl url) implements IngestSource {
        @Override
        public FetchResult fetch(SourceReader reader, Path downloadTarget, FetchProgress progress) {
            return reader.download(url, Objects.requireNonNull(downloadTarget, "downloadTarget"), progress);
        }

        @Override
        public Optional<String> storedKey() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return url.toString();
        }
    }

    /**
     * An upload session's assembled object, at {@code key} in storage.
     *
     * @param sha256 the object's lower-case hex SHA-256 when the upload service computed it as the bytes
     *               came in (an upload in one request), else null and the ingest hashes the object
     */
    record Staged(String uploadId, String key, String sha256) implements IngestSource {
        private static final Pattern UPLOAD_ID = Pattern.compile("upl_[a-z0-9]+");
        private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

        /**
         * The key must be the session's own staging key in the task's project (and is derived from
         * the upload id when the input omits it): the task names the object to adopt and, on
         * failure, to delete, so it may never point at anything else. A checksum that is not a
         * SHA-256 in hex is not trusted: the object is hashed instead.
         */
        static Staged of(String projectId, String uploadId, String stagedKey, String sha256) {
            if (!UPLOAD_ID.matcher(uploadId).matches()) {
                throw new SmidgenException(ErrorCode.INTERNAL, "The ingest task names a malformed upload id.");
            }
            String expected = UploadSessionEntity.storageKeyOf(projectId, uploadId);
            if (stagedKey != null && !expected.equals(stagedKey)) {
                throw new SmidgenException(
                        ErrorCode.INTERNAL, "The ingest task names a staged object outside its upload.");
            }
            String checksum = sha256 != null && SHA256.matcher(sha256).matches() ? sha256 : null;
            return new Staged(uploadId, expected, checksum);
        }

        @Override
        public FetchResult fetch(SourceReader reader, Path downloadTarget, FetchProgress progress) {
            return reader.readStaged(key, sha256, progress);
        }

        @Override
        public Optional<String> storedKey() {
            return Optional.of(key);
        }

        @Override
        public String describe() {
            return "upload " + uploadId + " (" + key + ")";
        }
    }

    /**
     * An object of the user's own bucket, read through its connection into the same staged download
     * a URL's bytes go to, under the same size limit.
     */
    record Bucket(String projectId, BucketObject object) implements IngestSource {
        @Override
        public FetchResult fetch(SourceReader reader, Path downloadTarget, FetchProgress progress) {
            return reader.readBucket(
                    projectId, object, Objects.requireNonNull(downloadTarget, "downloadTarget"), progress);
        }

        @Override
        public Optional<String> storedKey() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return object.toString();
        }
    }
}
