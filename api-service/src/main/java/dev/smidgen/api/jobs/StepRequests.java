package dev.smidgen.api.jobs;

import dev.smidgen.api.sources.ConversionBody;
import dev.smidgen.catalog.connections.BucketObject;
import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.catalog.files.FileRepository;
import dev.smidgen.catalog.files.FileStatus;
import dev.smidgen.catalog.jobs.JobKind;
import dev.smidgen.catalog.tasks.ConversionRequest;
import dev.smidgen.catalog.tasks.ConversionTasks;
import dev.smidgen.catalog.tasks.ExportInput;
import dev.smidgen.catalog.tasks.IngestInput;
import dev.smidgen.catalog.tasks.ProbeInput;
import dev.smidgen.catalog.tasks.StepTasks;
import dev.smidgen.catalog.tasks.TaskCreation;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.catalog.tasks.TaskRepository;
import dev.smidgen.model.ApiGeneration;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.Ids;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.net.SourceUrl;
import dev.smidgen.web.http.JsonBody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Set;

/**
 * {@code POST /tasks} in the jobs generation's shape (docs/api/jobs.md#standalone-tasks): one step
 * on its own. The 2025-08-20 generation's bodies never carry an {@code input} object, which is how
 * the two are told apart ({@link #isStepBody}).
 */
@ApplicationScoped
public class StepRequests {
    /** The kinds a standalone step may be. */
    static final Set<String> KINDS =
            Set.of("probe", "import", "video", "audio", "image", "animation", "adaptive_video", "export");

    @Inject
    JobBodies bodies;

    @Inject
    BucketObjects buckets;

    @Inject
    TaskCreation creation;

    @Inject
    ConversionTasks conversions;

    @Inject
    StepTasks steps;

    @Inject
    TaskRepository tasks;

    @Inject
    FileRepository files;

    /**
     * Whether {@code body} is the jobs generation's: an {@code input} that is a JSON object, and a kind
     * of this generation's steps. Every other body is the 2025-08-20 generation's, as it always was.
     */
    public static boolean isStepBody(JsonBody body) {
        return body.value("input") instanceof java.util.Map<?, ?> && KINDS.contains(body.value("kind"));
    }

    /** Creates the step {@code body} asks for, served in the jobs generation's shape from now on. */
    @Transactional
    public TaskEntity create(String projectId, JsonBody body) {
        String kind = body.requiredString("kind");
        JsonBody input = body.object("input");
        JsonBody options = body.object("options");
        String connectionId = body.string("connection_id");
        TaskEntity task = switch (kind) {
            case "probe" -> steps.probe(projectId, probeInput(projectId, input, connectionId));
            case "import" -> creation.ingest(projectId, importInput(projectId, input, connectionId));
            case "export" -> steps.export(projectId, exportInput(projectId, input, options), null);
            default -> encode(projectId, JobKind.fromWire(kind, "kind"), input, options);
        };
        task.generation = ApiGeneration.JOBS;
        return task;
    }

    private ProbeInput probeInput(String projectId, JsonBody input, String connectionId) {
        String url = input.requiredString("url");
        return BucketObject.isS3(url)
                ? new ProbeInput(null, buckets.resolve(projectId, url, connectionId(input, connectionId), "input.url"))
                : new ProbeInput(SourceUrl.parse(url), null);
    }

    private IngestInput importInput(String projectId, JsonBody input, String connectionId) {
        String url = input.requiredString("url");
        return BucketObject.isS3(url)
                ? IngestInput.ofBucket(buckets.resolve(projectId, url, connectionId(input, connectionId), "input.url"))
                : IngestInput.ofUrl(SourceUrl.parse(url));
    }

    /** An encode of a stored file (the input names its {@code id}) or of a URL (imported first). */
    private TaskEntity encode(String projectId, JobKind kind, JsonBody input, JsonBody options) {
        String fileId = input.string("id");
        if (fileId != null) {
            ConversionBody.Input stored = fileId.startsWith("med_")
                    ? new ConversionBody.Input(null, fileId, null)
                    : new ConversionBody.Input(Ids.canonicalFileId(fileId), null, null);
            return conversions.create(projectId, bodies.encode(kind, options, stored));
        }
        String url = input.string("url");
        if (url == null) {
            throw SmidgenException.invalid("input", "input must name a file: its id, or a url.");
        }
        ConversionRequest request =
                bodies.encode(kind, options, new ConversionBody.Input(null, null, SourceUrl.parse(url)));
        TaskEntity task = conversions.create(projectId, request);
        TaskEntity imported = tasks.findById(task.parentId);
        imported.generation = ApiGeneration.JOBS;
        return task;
    }

    private ExportInput exportInput(String projectId, JsonBody input, JsonBody options) {
        String fileId = input.string("id");
        if (fileId == null) {
            throw SmidgenException.invalid("input.id", "An export needs the id of a stored file as input.id.");
        }
        String url = options.string("url");
        if (url == null) {
            throw SmidgenException.invalid(
                    "options.url", "An export needs its destination as options.url (s3://bucket/key).");
        }
        BucketObject to = buckets.resolve(projectId, url, options.string("connection_id"), "options.url");
        FileEntity file = files.findLive(projectId, Ids.canonicalFileId(fileId))
                .orElseThrow(() -> SmidgenException.notFound("File"));
        if (!FileStatus.READY.equals(file.status)) {
            throw new SmidgenException(ErrorCode.CONFLICT, "The file is not ready yet; export it once it is.");
        }
        return new ExportInput(file.id, to);
    }

    private static String connectionId(JsonBody input, String fallback) {
        String named = input.string("connection_id");
        return named != null ? named : fallback;
    }
}
