package dev.smidgen.ingest;

import dev.smidgen.catalog.storage.BlobStore;
import dev.smidgen.catalog.storage.StagedObject;
import dev.smidgen.catalog.tasks.FileObjects;
import dev.smidgen.catalog.tasks.IngestInput;
import dev.smidgen.catalog.tasks.ProbeInput;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.ingest.fetch.FetchResult;
import dev.smidgen.ingest.fetch.IngestSource;
import dev.smidgen.media.MediaInput;
import dev.smidgen.media.probe.Ffprobe;
import dev.smidgen.media.probe.ProbeResult;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.runtime.LeaseHeartbeat;
import dev.smidgen.runtime.TaskAbandoned;
import dev.smidgen.runtime.TaskLeases;
import dev.smidgen.runtime.TaskPipeline;
import dev.smidgen.runtime.TaskStaging;
import dev.smidgen.runtime.TaskWorkerConfig;
import dev.smidgen.runtime.TransientRetries;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * A probe step (docs/api/jobs.md#the-probe-step): fetch a source under the ingest's rules (address checks,
 * size limit, timeouts, retries), probe it, keep nothing, and complete the task with the File object
 * of what was found as its {@code output}. The source is an {@link IngestSource}, so every source an
 * ingest reads a probe reads too. The download is discarded on every way out.
 */
@ApplicationScoped
public class ProbePipeline implements TaskPipeline {
    private static final Logger LOG = Logger.getLogger(ProbePipeline.class);

    @Inject
    IngestConfig config;

    @Inject
    ProbeWriter writer;

    @Inject
    TaskLeases leases;

    @Inject
    BlobStore blobs;

    @Inject
    SourceReading reading;

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
        StagedObject download = null;
        try {
            ProbeInput input = task.probeInput();
            IngestSource source = IngestSource.of(task.projectId, asIngest(input));
            StagedObject staged = TaskStaging.stage(blobs, "probe", task, "");
            download = staged;
            FetchResult fetched = retries.run(task, owner, () -> {
                staged.written(0); // each try writes the file anew
                return source.fetch(reading.reader(), staged.file(), (received, expected) -> {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new TaskAbandoned(); // a cancel: blocking reads ignore the interrupt, chunks do not
                    }
                });
            });
            ProbeResult probe = retries.run(
                    task,
                    owner,
                    () -> Ffprobe.probe(MediaInput.file(staged.file()), task.id, reading.pictureLimits()),
                    e -> e.code() == ErrorCode.UNAVAILABLE);
            Map<String, Object> file = FileObjects.probed(
                    probe.facts().withFilesize(fetched.size()), probe.audioCodec(), input.describe());
            if (heartbeat.lost()) {
                throw new TaskAbandoned();
            }
            writer.complete(task, owner, file);
            LOG.infof(
                    "%s: probed %s (%s, %d bytes) in %d ms, kept nothing",
                    task.id,
                    source.describe(),
                    probe.mimeType(),
                    fetched.size(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (TaskAbandoned e) {
            if (heartbeat.cancelled()) {
                LOG.infof("%s: cancelled; stopped without writing", task.id);
                Thread.interrupted(); // the discard below must not be cut short by the cancel's interrupt
            } else {
                LOG.warnf("%s: abandoned (lease lost or shutting down); another worker will finish it", task.id);
            }
        } catch (SmidgenException e) {
            fail(task, owner, heartbeat, e);
        } catch (RuntimeException e) {
            if (!heartbeat.cancelled()) {
                LOG.errorf(e, "%s: probe failed unexpectedly", task.id);
            }
            fail(task, owner, heartbeat, new SmidgenException(ErrorCode.INTERNAL, "The probe failed unexpectedly."));
        } finally {
            if (download != null) {
                download.discard();
            }
        }
    }

    /**
     * The ingest source of a probe's input: its URL, or its bucket object (read by the source the ingest
     * of a bucket object uses).
     */
    static IngestInput asIngest(ProbeInput input) {
        return input.url() != null ? IngestInput.ofUrl(input.url()) : IngestInput.ofBucket(input.object());
    }

    private void fail(TaskEntity task, String owner, LeaseHeartbeat heartbeat, SmidgenException error) {
        if (heartbeat.cancelled()) {
            LOG.infof("%s: cancelled; stopped without writing", task.id);
            Thread.interrupted(); // the discard that follows must not be cut short by the cancel's interrupt
            return;
        }
        LOG.infof("%s: failed with %s: %s", task.id, error.code().code(), error.getMessage());
        leases.fail(task.id, owner, error.code().code(), error.getMessage());
    }

    /** A probe keeps nothing, so giving up is only failing the task. */
    @Override
    public void giveUp(TaskEntity task, String owner, SmidgenException error) {
        leases.fail(task.id, owner, error.code().code(), error.getMessage());
    }
}
