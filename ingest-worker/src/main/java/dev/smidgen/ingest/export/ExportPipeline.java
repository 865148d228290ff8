package dev.smidgen.ingest.export;

import dev.smidgen.catalog.connections.BucketExport;
import dev.smidgen.catalog.connections.BucketObject;
import dev.smidgen.catalog.connections.ConnectionEntity;
import dev.smidgen.catalog.connections.ConnectionObjects;
import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.catalog.files.FileStatus;
import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.catalog.tasks.ExportInput;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.ingest.IngestConfig;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.runtime.LeaseHeartbeat;
import dev.smidgen.runtime.TaskAbandoned;
import dev.smidgen.runtime.TaskLeases;
import dev.smidgen.runtime.TaskPipeline;
import dev.smidgen.runtime.TaskWorkerConfig;
import dev.smidgen.runtime.TransientRetries;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An export task (docs/api/connections.md#export): copies a stored file, or every object of a
 * package, to the user's bucket through the task's connection, and completes the task with
 * {@code {"url", "connection_id", "size", "etag"}}. A failure removes what the export already wrote
 * there, so the bucket holds either the whole result or nothing of it.
 */
@ApplicationScoped
public class ExportPipeline implements TaskPipeline {
    private static final Logger LOG = Logger.getLogger(ExportPipeline.class);

    @Inject
    IngestConfig config;

    @Inject
    BlobStore blobs;

    @Inject
    ConnectionObjects connections;

    @Inject
    ExportWriter writer;

    @Inject
    TaskLeases leases;

    private TransientRetries retries;

    @PostConstruct
    void init() {
        retries = new TransientRetries(leases, config.maxAttempts(), config.retryBackoff());
    }

    @Override
    public TaskWorkerConfig config() {
        return config;
    }

    @Override
    public void run(TaskEntity task, String owner, LeaseHeartbeat heartbeat) {
        long started = System.nanoTime();
        try {
            ExportInput input = task.exportInput();
            if (input.fileId() == null || input.to() == null) {
                throw new SmidgenException(ErrorCode.INTERNAL, "The export names no file or no destination.");
            }
            FileEntity file = writer.file(task.projectId, input.fileId())
                    .filter(f -> FileStatus.READY.equals(f.status))
                    .orElseThrow(() -> SmidgenException.notFound("File"));
            BucketObject to = input.to();
            ConnectionEntity connection = connections.connection(task.projectId, to.connectionId());
            S3Client client = connections.client(connection);
            BucketExport.Copied copied =
                    retries.run(task, owner, () -> copy(task, owner, file, to, connection, client));
            if (heartbeat.lost()) {
                throw new TaskAbandoned();
            }
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("url", to.url());
            output.put("connection_id", to.connectionId());
            output.put("size", copied.size());
            output.put("etag", copied.etag());
            writer.complete(task.id, owner, output);
            LOG.infof(
                    "%s: exported %s to %s (%d bytes) in %d ms",
                    task.id, file.id, to, copied.size(), (System.nanoTime() - started) / 1_000_000);
        } catch (TaskAbandoned e) {
            LOG.warnf("%s: abandoned (lease lost or shutting down); another worker will finish it", task.id);
        } catch (SmidgenException e) {
            fail(task, owner, e);
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: export failed unexpectedly", task.id);
            fail(task, owner, new SmidgenException(ErrorCode.INTERNAL, "The export failed unexpectedly."));
        }
    }

    /** One try of the whole copy; what it wrote is deleted again if it fails. */
    private BucketExport.Copied copy(
            TaskEntity task,
            String owner,
            FileEntity file,
            BucketObject to,
            ConnectionEntity connection,
            S3Client client) {
        BucketExport export = new BucketExport(blobs, client, connection);
        if (!file.isPackage()) {
            long size = file.filesize == null ? 0 : file.filesize;
            return export.copy(
                    file.storageKey, file.mimeType, to.bucket(), to.key(), sent -> progress(task, owner, sent, size));
        }
        List<String> keys;
        try (Stream<String> listed = blobs.keys(file.packagePrefix)) {
            keys = listed.sorted().toList();
        }
        List<String> written = new ArrayList<>();
        try {
            long total = 0;
            String etag = null;
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i);
                String target = PackageObjects.targetOf(key, file.packagePrefix, file.storageKey, to.key());
                written.add(target);
                BucketExport.Copied one =
                        export.copy(key, PackageObjects.contentType(key), to.bucket(), target, sent -> {});
                total += one.size();
                if (key.equals(file.storageKey)) {
                    etag = one.etag();
                }
                leases.progress(task.id, owner, (double) (i + 1) / keys.size());
            }
            return new BucketExport.Copied(total, etag);
        } catch (RuntimeException e) {
            removeQuietly(client, to.bucket(), written);
            throw e;
        }
    }

    private void progress(TaskEntity task, String owner, long sent, long size) {
        if (size > 0) {
            leases.progress(task.id, owner, (double) sent / size);
        }
    }

    private static void removeQuietly(S3Client client, String bucket, List<String> keys) {
        for (String key : keys) {
            try {
                client.deleteObject(b -> b.bucket(bucket).key(key));
            } catch (SdkException e) {
                LOG.warnf("could not remove s3://%s/%s after a failed export: %s", bucket, key, e.getMessage());
            }
        }
    }

    private void fail(TaskEntity task, String owner, SmidgenException e) {
        LOG.infof("%s: failed with %s: %s", task.id, e.code().code(), e.getMessage());
        leases.fail(task.id, owner, e.code().code(), e.getMessage());
    }

    @Override
    public void giveUp(TaskEntity task, String owner, SmidgenException error) {
        fail(task, owner, error);
    }
}
