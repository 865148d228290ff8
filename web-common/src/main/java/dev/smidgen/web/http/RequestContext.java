package dev.smidgen.web.http;

import dev.smidgen.catalog.projects.ProjectEntity;
import dev.smidgen.model.ApiGeneration;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.IdPrefix;
import dev.smidgen.model.Ids;
import dev.smidgen.model.SmidgenException;
import jakarta.enterprise.context.RequestScoped;

/** What is known about the current request: its id, negotiated version and authenticated project. */
@RequestScoped
public class RequestContext {
    private final String requestId = Ids.newId(IdPrefix.REQUEST);
    private ApiVersion version = ApiVersion.DEFAULT;
    private ApiGeneration generation = ApiGeneration.FILES;
    private boolean errorsInBothShapes;
    private ProjectEntity project;
    private String method;
    private String path;

    public String requestId() {
        return requestId;
    }

    public ApiVersion version() {
        return version;
    }

    void version(ApiVersion version) {
        this.version = version;
    }

    /** The generation whose shapes this request is answered in, errors included (docs/api/jobs.md). */
    public ApiGeneration generation() {
        return generation;
    }

    /**
     * Answers an error of this request in both generations' shapes at once (the envelope with the
     * jobs generation's {@code kind} and {@code message} beside it): for a request on a shared path
     * whose generation cannot be told, such as {@code GET /tasks/{id}} of an unknown id.
     */
    public void answerErrorsInBothShapes() {
        errorsInBothShapes = true;
    }

    public boolean errorsInBothShapes() {
        return errorsInBothShapes;
    }

    /** Answers this request in the jobs generation's shapes, from here on. */
    public void speakJobs() {
        generation = ApiGeneration.JOBS;
    }

    /** The caller's project; resources behind authentication can rely on it. */
    public ProjectEntity project() {
        if (project == null) {
            throw new SmidgenException(ErrorCode.UNAUTHORIZED, null);
        }
        return project;
    }

    public String projectId() {
        return project().id;
    }

    /** The project if authenticated, else null (for meta of error responses). */
    public ProjectEntity projectOrNull() {
        return project;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    void request(String method, String path) {
        this.method = method;
        this.path = path;
    }

    public void authenticate(ProjectEntity project) {
        this.project = project;
    }
}
