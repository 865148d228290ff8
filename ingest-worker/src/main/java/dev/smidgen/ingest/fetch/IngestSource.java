package dev.smidgen.ingest.fetch;

import dev.smidgen.catalog.uploads.UploadSessionEntity;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where an ingest's bytes come from, as its task input names them: a URL to download, or an upload
 * the upload service already put in the bucket. Everything after the bytes reach the scratch file
 * is the same for both.
 */
public sealed interface IngestSource permits IngestSource.Url, IngestSource.Staged {

    /** Copies the bytes into {@code target}; transient failures are thrown as such so the caller can retry. */
    FetchResult copyTo(Path target, SourceReader reader, FetchProgress progress);

    /** The object already holding these bytes in the bucket, if any: it becomes the file's object as it is. */
    Optional<String> storedKey();

    /** What the logs name. */
    String describe();

    /** Picks the source from a task's input: {@code upload} (with {@code staged_key}) if present, else {@code url}. */
    static IngestSource of(String projectId, Map<String, ?> input) {
        Object upload = input.get("upload");
        if (upload == null) {
            Object url = input.get("url");
            return new Url(url == null ? null : url.toString());
        }
        return Staged.of(projectId, upload.toString(), input.get("staged_key"));
    }

    /** A URL the worker downloads under the ingest safety rules. */
    record Url(String url) implements IngestSource {
        @Override
        public FetchResult copyTo(Path target, SourceReader reader, FetchProgress progress) {
            return reader.download(url, target, progress);
        }

        @Override
        public Optional<String> storedKey() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return url;
        }
    }

    /** An upload session's assembled object, at {@code key} in the bucket. */
    record Staged(String uploadId, String key) implements IngestSource {
        private static final Pattern UPLOAD_ID = Pattern.compile("upl_[a-z0-9]+");

        /**
         * The key must be the session's own staging key in the task's project (and is derived from
         * the upload id when the input omits it): the task names the object to adopt and, on
         * failure, to delete, so it may never point at anything else.
         */
        static Staged of(String projectId, String uploadId, Object stagedKey) {
            if (!UPLOAD_ID.matcher(uploadId).matches()) {
                throw new SmidgenException(ErrorCode.INTERNAL, "The ingest task names a malformed upload id.");
            }
            String expected = UploadSessionEntity.storageKeyOf(projectId, uploadId);
            if (stagedKey != null && !expected.equals(stagedKey.toString())) {
                throw new SmidgenException(ErrorCode.INTERNAL, "The ingest task names a staged object outside its upload.");
            }
            return new Staged(uploadId, expected);
        }

        @Override
        public FetchResult copyTo(Path target, SourceReader reader, FetchProgress progress) {
            return reader.readStaged(key, target, progress);
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
}
