package dev.smidgen.api.jobs;

import static dev.smidgen.web.http.JobsResponses.millis;

import dev.smidgen.catalog.jobs.JobEntity;
import dev.smidgen.catalog.jobs.JobRepository;
import dev.smidgen.catalog.jobs.JobStatus;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.TaskStatus;
import dev.smidgen.web.http.CursorRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Jobs as the jobs generation shows them (docs/api/jobs.md#the-job-object), with their steps. */
@ApplicationScoped
public class JobViews {
    @Inject
    JobRepository jobs;

    @Inject
    StepViews steps;

    /** The job as committed right now, scoped to the asking project. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Map<String, Object> view(String projectId, String jobId) {
        JobEntity job = jobs.findInProject(projectId, jobId).orElseThrow(() -> SmidgenException.notFound("Job"));
        return view(job, jobs.stepsOf(List.of(job.id)).getOrDefault(job.id, List.of()));
    }

    /** A page of the list and whether more follow in its direction. */
    public record Page(List<Map<String, Object>> items, boolean hasMore) {}

    /**
     * A page of the project's jobs with their steps (one query for all the page's steps).
     *
     * @throws SmidgenException {@code invalid_input} when the cursor names no job of the project
     */
    @Transactional
    public Page page(String projectId, CursorRequest request) {
        String cursor = request.after() != null ? request.after() : request.before();
        JobRepository.Page page =
                jobs.page(projectId, request.ascending(), cursor, request.before() == null, request.limit());
        if (page == null) {
            String field = request.after() != null ? "after" : "before";
            throw SmidgenException.invalid(field, field + " names no job of this project.");
        }
        Map<String, List<TaskEntity>> stepsByJob =
                jobs.stepsOf(page.jobs().stream().map(j -> j.id).toList());
        List<Map<String, Object>> out = new ArrayList<>(page.jobs().size());
        for (JobEntity job : page.jobs()) {
            out.add(view(job, stepsByJob.getOrDefault(job.id, List.of())));
        }
        return new Page(out, page.hasMore());
    }

    public Map<String, Object> view(JobEntity job, List<TaskEntity> jobSteps) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", job.id);
        m.put("object", "job");
        m.put("kind", job.kind.wire());
        m.put("input", job.input);
        m.put("output", job.status == JobStatus.SUCCEEDED ? output(job, jobSteps) : null);
        m.put("options", job.options);
        m.put("metadata", job.metadata);
        m.put("status", job.status.wire());
        m.put("progress", progress(job, jobSteps));
        m.put("error", job.errorKind == null ? null : error(job));
        List<Map<String, Object>> tasks = new ArrayList<>(jobSteps.size());
        for (TaskEntity step : jobSteps) {
            tasks.add(steps.view(step, step.kind.isConversion() ? job.options : null));
        }
        m.put("tasks", tasks);
        m.put("created_at", millis(job.created));
        m.put("updated_at", millis(job.updated));
        m.put("started_at", millis(job.started));
        m.put("finished_at", millis(job.finished));
        return m;
    }

    /**
     * Where the result is: the {@code s3://} URL it was exported to, or the delivery URL of the
     * encode's file (for an adaptive video, its master playlist).
     */
    private String output(JobEntity job, List<TaskEntity> jobSteps) {
        if (job.outputTarget != null) {
            return job.outputTarget;
        }
        for (TaskEntity step : jobSteps) {
            if (step.kind.isConversion() && step.status == TaskStatus.COMPLETED) {
                Map<String, Object> file = steps.fileObject(step.projectId, step.fileId);
                return file == null ? null : (String) file.get("url");
            }
        }
        return null;
    }

    /** The share of the job's steps done, each step weighing the same. */
    private static double progress(JobEntity job, List<TaskEntity> jobSteps) {
        if (job.status == JobStatus.SUCCEEDED) {
            return 1.0;
        }
        if (jobSteps.isEmpty()) {
            return 0.0;
        }
        double sum = 0;
        for (TaskEntity step : jobSteps) {
            sum += step.status == TaskStatus.COMPLETED ? 1.0 : step.progress;
        }
        return Math.round(sum / jobSteps.size() * 1000) / 1000.0;
    }

    private static Map<String, Object> error(JobEntity job) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", job.errorKind);
        m.put("message", job.errorMessage);
        return m;
    }
}
