package dev.smidgen.api.tasks;

import dev.smidgen.api.ingest.IngestRequest;
import dev.smidgen.api.ingest.IngestTasks;
import dev.smidgen.api.jobs.StepRequests;
import dev.smidgen.api.jobs.StepViews;
import dev.smidgen.api.sources.AdaptiveVideo;
import dev.smidgen.api.sources.Conversions;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.model.ApiGeneration;
import dev.smidgen.model.TaskKind;
import dev.smidgen.web.http.ApiResponses;
import dev.smidgen.web.http.JobsResponses;
import dev.smidgen.web.http.JsonBody;
import dev.smidgen.web.http.PageRequest;
import dev.smidgen.web.http.RequestContext;
import dev.smidgen.web.tasks.TaskView;
import dev.smidgen.web.tasks.TaskViews;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/** {@code /tasks}: create background work and watch it. */
@Path("/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class TaskResource {
    @Inject
    RequestContext ctx;

    @Inject
    ApiResponses responses;

    @Inject
    IngestTasks ingestTasks;

    @Inject
    Conversions conversions;

    @Inject
    TaskQueries queries;

    @Inject
    TaskViews views;

    @Inject
    StepRequests steps;

    @Inject
    StepViews stepViews;

    @Inject
    JobsResponses jobsResponses;

    @POST
    public Response create(String body) {
        JsonBody parsed = JsonBody.parse(body);
        if (StepRequests.isStepBody(parsed)) {
            ctx.speakJobs();
            TaskEntity step = steps.create(ctx.projectId(), parsed);
            return jobsResponses.object(201, stepViews.view(ctx.projectId(), step.id));
        }
        JsonBody json = AdaptiveVideo.normalize(parsed);
        TaskKind kind = TaskKind.fromWire(json.requiredString("kind"));
        TaskEntity task = kind == TaskKind.INGEST
                ? ingestTasks.create(ctx.projectId(), IngestRequest.from(json))
                : conversions.create(ctx.projectId(), kind, json);
        return responses.object(201, views.view(task), "/tasks/" + task.id, "/tasks");
    }

    @GET
    public Response list(
            @QueryParam("page") String page,
            @QueryParam("limit") String limit,
            @QueryParam("kind") String kind,
            @QueryParam("status") String status) {
        PageRequest paging = PageRequest.parse(page, limit);
        TaskQueries.Page result = queries.page(ctx.projectId(), kind, status, paging);
        List<String> query = new ArrayList<>();
        if (kind != null) {
            query.add("kind=" + kind);
        }
        if (status != null) {
            query.add("status=" + status);
        }
        return responses.list(result.items(), paging, result.total(), "/tasks", String.join("&", query));
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        // Until the task is found, nothing tells which generation asks (docs/api/jobs.md#tasks-steps-on-their-own).
        ctx.answerErrorsInBothShapes();
        TaskView view = views.view(ctx.projectId(), id);
        if (view.task().generation == ApiGeneration.JOBS) {
            ctx.speakJobs();
            return jobsResponses.object(200, stepViews.view(ctx.projectId(), view.task().id));
        }
        return responses.object(200, view, "/tasks/" + view.task().id, "/tasks");
    }
}
