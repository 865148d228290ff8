package dev.smidgen.catalog.tasks;

import dev.smidgen.catalog.events.EventJournal;
import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.catalog.files.FileRepository;
import dev.smidgen.catalog.files.FileStatus;
import dev.smidgen.catalog.jobs.JobSteps;
import dev.smidgen.catalog.media.MediaRepository;
import dev.smidgen.catalog.outbox.Outbox;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.IdPrefix;
import dev.smidgen.model.Ids;
import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.TaskKind;
import dev.smidgen.model.TaskStatus;
import dev.smidgen.model.convert.ConversionCheck;
import dev.smidgen.model.convert.ConversionCheck.OutputSize;
import dev.smidgen.model.convert.StoryboardOptions;
import dev.smidgen.model.webhooks.EventTopic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * Creates conversion tasks (a new video, audio or image source of a media item, or its storyboard track,
 * docs/api/storyboards.md). The request-time
 * rules run on the input's stored probe facts; a URL input is ingested first by a task of its own,
 * and the conversion waits for it, so the client sees one task.
 */
@ApplicationScoped
public class ConversionTasks {
    /** The label of a storyboard track when the request names none. */
    public static final String THUMBNAILS_LABEL = "thumbnails";

    @Inject
    TaskRepository tasks;

    @Inject
    FileRepository files;

    @Inject
    MediaRepository media;

    @Inject
    TaskCreation creation;

    @Inject
    Outbox outbox;

    @Inject
    EventJournal events;

    @Inject
    JobSteps jobSteps;

    /**
     * A pending conversion, announced to the transcode workers; for a URL, a waiting one behind the
     * ingest of that URL.
     *
     * @throws SmidgenException {@code not_found} for an unknown input, {@code conflict} for one not
     *                          ready yet, the 422 codes of {@link ConversionCheck}
     */
    @Transactional
    public TaskEntity create(String projectId, ConversionRequest request) {
        if (request.url() != null) {
            return createBehind(projectId, request, creation.ingest(projectId, IngestInput.ofUrl(request.url())));
        }
        FileEntity input = inputFile(projectId, request);
        Target target = check(input, request);
        TaskEntity task = newTask(projectId, request, TaskStatus.PENDING, input.mediaId);
        aim(task, request, input, target);
        tasks.persist(task);
        outbox.announce(task);
        return task;
    }

    /**
     * A conversion that waits for {@code ingest} (of a URL, or of an object in the user's own bucket)
     * and converts the file it stores; the request-time rules run when the ingest completes.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public TaskEntity createBehind(String projectId, ConversionRequest request, TaskEntity ingest) {
        TaskEntity task = newTask(projectId, request, TaskStatus.WAITING, ingest.mediaId);
        task.parentId = ingest.id;
        task.conversionInput(new ConversionInput(request.automationId(), request.url(), null, null));
        tasks.persist(task);
        return task;
    }

    /**
     * A conversion that is recorded as failed at once with {@code why}: an automation's template
     * that does not apply to a media item, so the user sees why no source came of it.
     */
    @Transactional
    public TaskEntity createFailed(String projectId, ConversionRequest request, SmidgenException why) {
        String mediaId = request.mediaId() != null
                ? media.findLive(projectId, request.mediaId()).map(m -> m.id).orElse(null)
                : files.findLive(projectId, request.fileId())
                        .map(f -> f.mediaId)
                        .orElse(null);
        TaskEntity task = newTask(projectId, request, TaskStatus.FAILED, mediaId);
        task.conversionInput(new ConversionInput(request.automationId(), null, request.fileId(), mediaId));
        task.errorCode = why.code().code();
        task.errorMessage = why.getMessage();
        task.finished = task.created;
        tasks.persist(task);
        events.record(projectId, EventTopic.TASK_FAILED, task.id);
        return task;
    }

    /**
     * The ingest {@code ingest} completed with {@code file}: every conversion waiting for it is
     * checked against the file's facts and becomes pending (announced), or fails with the reason.
     * Joins the ingest's completing transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void parentCompleted(TaskEntity ingest, FileEntity file) {
        for (TaskEntity task : waitingFor(ingest.id)) {
            ConversionRequest request = requestOf(task);
            try {
                aim(task, request, file, check(file, request));
                task.status = TaskStatus.PENDING;
                task.updated = Instant.now();
                outbox.announce(task);
            } catch (SmidgenException e) {
                fail(task, e.code().code(), e.getMessage());
            }
        }
    }

    /** The ingest {@code ingest} failed: the conversions waiting for it fail with its error. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void parentFailed(TaskEntity ingest, String code, String message) {
        for (TaskEntity task : waitingFor(ingest.id)) {
            fail(task, code, message);
        }
    }

    /**
     * What a conversion of {@code input} makes: the size of a source, or a storyboard fixed for the input
     * (docs/api/storyboards.md), whose size is one thumbnail's.
     */
    private record Target(OutputSize size, StoryboardOptions.Resolved storyboard) {}

    private static Target check(FileEntity input, ConversionRequest request) {
        if (request.kind() == Kind.THUMBNAILS) {
            StoryboardOptions.Resolved board = request.storyboard().resolve(input.facts(), request.width());
            return new Target(new OutputSize(board.width(), board.height()), board);
        }
        OutputSize size = ConversionCheck.check(
                input.facts(),
                request.format(),
                request.width(),
                request.height(),
                request.start(),
                request.encoding());
        return new Target(size, null);
    }

    /**
     * The label a source gets when the request names none, e.g. {@code video-mp4-640} or {@code audio-mp3};
     * a storyboard's is {@value #THUMBNAILS_LABEL}.
     */
    public static String defaultLabel(ConversionRequest request, OutputSize size) {
        if (request.kind() == Kind.THUMBNAILS) {
            return THUMBNAILS_LABEL;
        }
        String base = request.kind().wire() + "-" + request.format().wire();
        return size.width() == null ? base : base + "-" + size.width();
    }

    private List<TaskEntity> waitingFor(String parentId) {
        return tasks.list("parentId = ?1 and status = ?2", parentId, TaskStatus.WAITING);
    }

    private void fail(TaskEntity task, String code, String message) {
        Instant now = Instant.now();
        task.status = TaskStatus.FAILED;
        task.errorCode = code;
        task.errorMessage = message;
        task.finished = now;
        task.updated = now;
        events.record(task.projectId, EventTopic.TASK_FAILED, task.id);
        tasks.flush(); // the job's step queries below read this row through SQL
        jobSteps.stepFailed(task.id, code, message);
    }

    private FileEntity inputFile(String projectId, ConversionRequest request) {
        FileEntity file;
        if (request.fileId() != null) {
            file = files.findLive(projectId, request.fileId()).orElseThrow(() -> SmidgenException.notFound("File"));
        } else {
            String mediaId = media.findLive(projectId, request.mediaId())
                    .orElseThrow(() -> SmidgenException.notFound("Media"))
                    .id;
            // The original is the best input; a media item whose original was removed converts its first source.
            file = files.listOfMedia(mediaId).stream()
                    .filter(f -> FileStatus.READY.equals(f.status))
                    .findFirst()
                    .orElseThrow(() -> new SmidgenException(
                            ErrorCode.CONFLICT, "This media item has no ready file to convert yet."));
        }
        if (!FileStatus.READY.equals(file.status) || file.mediaId == null) {
            throw new SmidgenException(
                    ErrorCode.CONFLICT, "The file is not ready yet; convert it once its ingest has completed.");
        }
        return file;
    }

    private static TaskEntity newTask(String projectId, ConversionRequest request, TaskStatus status, String mediaId) {
        Instant now = Instant.now();
        TaskEntity task = new TaskEntity();
        task.id = Ids.newId(IdPrefix.TASK);
        task.projectId = projectId;
        task.kind = TaskKind.of(request.kind());
        task.status = status;
        task.fileId = Ids.newId(IdPrefix.FILE);
        task.mediaId = mediaId;
        task.webhookUrl = request.webhookUrl();
        task.conversionInput(new ConversionInput(request.automationId(), null, null, null));
        task.conversionOptions(new ConversionOptions(
                        request.format().wire(),
                        request.width(),
                        request.height(),
                        request.qualityOrDefault(),
                        request.start(),
                        request.label(),
                        request.encoding())
                .withStoryboard(
                        request.storyboard().interval(),
                        request.storyboard().columns(),
                        request.storyboard().rows()));
        task.created = now;
        task.updated = now;
        return task;
    }

    /** Points the task at its input file and fixes what it will produce. */
    private static void aim(TaskEntity task, ConversionRequest request, FileEntity input, Target target) {
        OutputSize size = target.size();
        task.conversionInput(task.conversionInput().withFile(input.id, input.mediaId));
        task.mediaId = input.mediaId;
        ConversionOptions options = task.conversionOptions()
                .resolved(
                        size.width(),
                        size.height(),
                        request.label() != null ? request.label() : defaultLabel(request, size));
        StoryboardOptions.Resolved board = target.storyboard();
        if (board != null) {
            options = options.withStoryboard(board.interval(), board.columns(), board.rows());
        }
        task.conversionOptions(options);
    }

    /** The request a waiting task was created from (what the client asked, before sizes were resolved). */
    private static ConversionRequest requestOf(TaskEntity task) {
        Kind kind = task.kind.outputKind();
        ConversionInput input = task.conversionInput();
        ConversionOptions options = task.conversionOptions();
        return new ConversionRequest(
                null,
                null,
                input.url(),
                kind,
                options.outputFormat(kind),
                options.width(),
                options.height(),
                options.quality(),
                options.start(),
                options.label(),
                task.webhookUrl,
                input.automationId(),
                options.encoding(),
                options.storyboard());
    }
}
