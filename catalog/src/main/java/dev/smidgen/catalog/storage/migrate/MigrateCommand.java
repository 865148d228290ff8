package dev.smidgen.catalog.storage.migrate;

import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.catalog.storage.FileSystemStore;
import dev.smidgen.catalog.storage.S3BlobStore;
import dev.smidgen.catalog.storage.StorageKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@code ./smidgen storage migrate}: copies a project's objects, or every project's, between the
 * filesystem store and S3 with {@link StoreMigration}. A plain Java program on the services' class
 * path (no Quarkus, no database), so it also runs from a service's container image.
 *
 * <pre>
 * MigrateCommand --to s3         --root DIR [--project ID]... [--staging DIR]   files under DIR → S3
 * MigrateCommand --to filesystem --root DIR [--project ID]... [--staging DIR]   S3 → files under DIR
 * </pre>
 *
 * The S3 side is read from the services' {@code SMIDGEN_S3_*} variables ({@link S3Settings}). Exit
 * status 0 when every object is in the target with the source's bytes, 1 when any failed or a store
 * could not be used, 2 for a wrong command line.
 */
public final class MigrateCommand {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            usage: storage migrate --to s3|filesystem --root DIR [--project ID]... [--staging DIR]
              --to s3          copy from the filesystem store under DIR to S3 (SMIDGEN_S3_ENDPOINT, _ACCESS_KEY,
                               _SECRET_KEY, _BUCKET, _REGION; default: the embedded S3 server)
              --to filesystem  copy from S3 to the filesystem store under DIR
              --project ID     only this project (repeatable); default: every project in the source
              --staging DIR    where objects bound for S3 wait while they upload (default: the temp dir)
            Objects already in the target with the same SHA-256 are skipped, so running it again resumes.
            Nothing is ever deleted from the source.""";

    private MigrateCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out));
    }

    /** The whole command, with its environment and output passed in; returns the exit status. */
    static int run(String[] args, Map<String, String> env, PrintStream out) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            out.println("storage migrate: " + e.getMessage());
            out.println(USAGE_TEXT);
            return USAGE;
        }
        if (options == null) {
            out.println(USAGE_TEXT);
            return OK;
        }
        S3Settings s3Settings = S3Settings.fromEnvironment(env);
        try (S3Client s3 = s3Settings.client();
                S3Presigner presigner = s3Settings.presigner()) {
            FileSystemStore files = new FileSystemStore(options.root);
            S3BlobStore bucket = new S3BlobStore(s3, presigner, s3Settings, options.staging);
            boolean toS3 = options.toS3;
            BlobStore source = toS3 ? files : bucket;
            BlobStore target = toS3 ? bucket : files;
            String from = toS3 ? "files under " + files.root() : s3Settings.describe();
            String to = toS3 ? s3Settings.describe() : "files under " + files.root();

            if (toS3 && !Files.isDirectory(files.root())) {
                out.println("storage migrate: " + files.root()
                        + " is not a directory; --root names the filesystem store's directory"
                        + " (./smidgen up keeps it in .smidgen/data/media)");
                return FAILED;
            }
            if (!toS3) {
                source.check();
            }
            target.prepare();

            List<String> names = options.projects.isEmpty()
                    ? (toS3
                            ? ProjectListing.ofDirectory(files.root())
                            : ProjectListing.ofBucket(s3, s3Settings.bucket()))
                    : options.projects.stream().map(p -> p + "/").toList();
            out.println(
                    "Copying " + (options.projects.isEmpty() ? "every project" : String.join(", ", options.projects))
                            + " from " + from + " to " + to + ".");
            out.println("The source is only read: nothing in it is changed or deleted.");
            if (options.projects.isEmpty()) {
                out.println(
                        names.isEmpty()
                                ? "The source holds no objects."
                                : "Projects: " + String.join(", ", names).replace("/", ""));
            }

            MigrationSummary summary;
            try (Stream<String> keys = ProjectListing.keys(source, names)) {
                summary = new StoreMigration(source, target, out).run(keys);
            }
            removeIfEmpty(options.staging);
            out.println("Done: " + summary + ".");
            if (!summary.complete()) {
                out.println(summary.failed()
                        + " object(s) could not be copied (the FAILED lines above say why). Run the same command"
                        + " again to retry them: objects already copied are only checked, not copied again.");
                return FAILED;
            }
            if (summary.copied() + summary.skipped() == 0) {
                out.println("Nothing to copy"
                        + (options.projects.isEmpty()
                                ? "."
                                : ": no objects under " + String.join(", ", names) + " in the source."));
            } else {
                out.println("Every object is in " + to
                        + " with the source's bytes (SHA-256 checked). Point the services at it, check"
                        + " them, and only then delete the old store yourself.");
            }
            return OK;
        } catch (RuntimeException e) {
            // A store that cannot be reached or listed: nothing per key to report, the run cannot go on.
            out.println("storage migrate failed: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            out.println("(S3: " + s3Settings + "; files: " + options.root + ")");
            return FAILED;
        }
    }

    private static void removeIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            // something else's files: leave them
        } catch (IOException e) {
            // only a tidy-up
        }
    }

    /** The parsed command line; {@code null} from {@link #parse} means help was asked for. */
    private static final class Options {
        boolean toS3;
        Path root;
        Path staging = Path.of(System.getProperty("java.io.tmpdir"), "smidgen-migrate");
        final List<String> projects = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            String to = null;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "-h", "--help", "help" -> {
                        return null;
                    }
                    case "--to" -> to = valueOf(args, ++i, arg);
                    case "--root" -> o.root = Path.of(valueOf(args, ++i, arg));
                    case "--staging" -> o.staging = Path.of(valueOf(args, ++i, arg));
                    case "--project" -> o.projects.add(project(valueOf(args, ++i, arg)));
                    default -> throw new IllegalArgumentException("unknown argument " + arg);
                }
            }
            if (to == null) {
                throw new IllegalArgumentException("--to s3 or --to filesystem is required");
            }
            switch (to) {
                case "s3" -> o.toS3 = true;
                case "filesystem" -> o.toS3 = false;
                default -> throw new IllegalArgumentException("--to is s3 or filesystem, not " + to);
            }
            if (o.root == null) {
                throw new IllegalArgumentException("--root DIR is required: the filesystem store's directory");
            }
            o.root = o.root.toAbsolutePath().normalize();
            o.staging = o.staging.toAbsolutePath().normalize();
            return o;
        }

        private static String valueOf(String[] args, int i, String option) {
            if (i >= args.length || args[i].isBlank()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static String project(String id) {
            if (id.contains("/")) {
                throw new IllegalArgumentException("--project takes a project id such as prj_1, not a path: " + id);
            }
            StorageKeys.check(id);
            return id;
        }
    }
}
