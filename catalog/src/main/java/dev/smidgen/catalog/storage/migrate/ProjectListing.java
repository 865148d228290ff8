package dev.smidgen.catalog.storage.migrate;

import dev.smidgen.catalog.storage.BlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What "every project" means to a migration: every top-level name in the source store itself, not
 * the database's {@code projects} table. The store is what holds the bytes, so nothing in it is left
 * behind (not even deleted files that can be restored until the retention purge), and the migration runs
 * with the stack stopped, needing no database. Every key starts with its project's id, so a top-level
 * folder is a project ({@code prj_1/}); a top-level object is copied as it is. Names starting with a
 * dot are the stores' own (the filesystem store's {@code .partial/} staging area, an S3 server's
 * bookkeeping) and never a key's first segment ({@link dev.smidgen.catalog.storage.StorageKeys}).
 */
final class ProjectListing {
    private ProjectListing() {}

    /** The top-level names under a filesystem store's root: {@code name/} for a folder, {@code name} for a file. */
    static List<String> ofDirectory(Path root) {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith("."))
                    .map(p -> Files.isDirectory(p)
                            ? p.getFileName() + "/"
                            : p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /** The top-level names in a bucket: its common prefixes at the first {@code /}, and objects without one. */
    static List<String> ofBucket(S3Client s3, String bucket) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).delimiter("/")).stream()
                .flatMap(ProjectListing::names)
                .filter(name -> !name.startsWith("."))
                .sorted()
                .toList();
    }

    /** Every key under the names, listed lazily one name after the other. */
    static Stream<String> keys(BlobStore source, List<String> names) {
        return names.stream().flatMap(name -> name.endsWith("/") ? keysUnder(source, name) : Stream.of(name));
    }

    private static Stream<String> keysUnder(BlobStore source, String prefix) {
        try {
            return source.keys(prefix);
        } catch (IllegalArgumentException e) {
            // Not a name any key can have (a backslash, a control character): it goes to the migration
            // as a key, which reports it as failed instead of stopping the others.
            return Stream.of(prefix.substring(0, prefix.length() - 1));
        }
    }

    private static Stream<String> names(ListObjectsV2Response page) {
        return Stream.concat(
                page.commonPrefixes().stream().map(CommonPrefix::prefix),
                page.contents().stream().map(S3Object::key));
    }
}
