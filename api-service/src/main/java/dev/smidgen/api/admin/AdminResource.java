package dev.smidgen.api.admin;

import dev.smidgen.api.auth.ApiKeys;
import dev.smidgen.api.webhooks.WebhookSignature;
import dev.smidgen.catalog.projects.ProjectEntity;
import dev.smidgen.catalog.projects.ProjectRepository;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.IdPrefix;
import dev.smidgen.model.Ids;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.signing.SigningKey;
import dev.smidgen.web.config.ApiConfig;
import dev.smidgen.web.http.ApiResponses;
import dev.smidgen.web.http.ApiTimes;
import dev.smidgen.web.http.ApiVersion;
import dev.smidgen.web.http.JsonBody;
import dev.smidgen.web.http.PageRequest;
import dev.smidgen.web.http.Representable;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operator endpoints for projects and API keys, protected by {@code smidgen.api.admin-token}
 * (switched off when no token is configured). {@code ./smidgen up} uses them to bootstrap a key.
 */
@Path("/admin/projects")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class AdminResource {
    @Inject
    ApiConfig config;

    @Inject
    ProjectRepository projects;

    @Inject
    ApiKeys keys;

    @Inject
    ApiResponses responses;

    @GET
    public Response list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        requireAdmin(authorization);
        List<ProjectView> all =
                projects.listOldestFirst().stream().map(ProjectView::new).toList();
        return responses.list(all, new PageRequest(1, Math.max(1, all.size())), all.size(), "/admin/projects", null);
    }

    @POST
    @Transactional
    public Response create(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        requireAdmin(authorization);
        JsonBody json = JsonBody.parse(body);
        ProjectEntity project = new ProjectEntity();
        project.id = Ids.newId(IdPrefix.PROJECT);
        project.orgId = Ids.newId(IdPrefix.ORG);
        project.name = json.requiredString("name");
        project.privateDelivery = json.bool("private", false);
        project.signingKey = SigningKey.newKey();
        project.webhookSecret = WebhookSignature.newSecret();
        project.created = Instant.now();
        projects.persist(project);
        return responses.object(201, new ProjectView(project), "/admin/projects/" + project.id, "/admin/projects");
    }

    /** Switches a project between public delivery and signed URLs only, from the next request on. */
    @PATCH
    @Path("/{id}")
    @Transactional
    public Response update(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String projectId,
            String body) {
        requireAdmin(authorization);
        boolean privateDelivery = JsonBody.parse(body).requiredBool("private");
        ProjectEntity project = projects.findById(projectId);
        if (project == null) {
            throw SmidgenException.notFound("Project");
        }
        project.privateDelivery = privateDelivery;
        return responses.object(200, new ProjectView(project), "/admin/projects/" + project.id, "/admin/projects");
    }

    @POST
    @Path("/{id}/keys")
    public Response createKey(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String projectId) {
        requireAdmin(authorization);
        if (projects.findById(projectId) == null) {
            throw SmidgenException.notFound("Project");
        }
        ApiKeys.IssuedKey issued = keys.issue(projectId);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", issued.key().id);
        view.put("object", "api_key");
        view.put("project_id", projectId);
        view.put("key", issued.secret());
        view.put("created", ApiTimes.format(issued.key().created));
        return responses.object(
                201,
                v -> view,
                "/admin/projects/" + projectId + "/keys/" + issued.key().id,
                "/admin/projects/" + projectId);
    }

    private void requireAdmin(String authorization) {
        String token = config.adminToken()
                .filter(t -> !t.isBlank())
                .orElseThrow(() -> new SmidgenException(
                        ErrorCode.FORBIDDEN, "Admin endpoints are disabled: no admin token is configured."));
        String given = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring(7).trim()
                : "";
        if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            throw new SmidgenException(ErrorCode.UNAUTHORIZED, "A valid admin token is required.");
        }
    }

    /** A project as operators see it. */
    record ProjectView(ProjectEntity project) implements Representable {
        @Override
        public Object render(ApiVersion version) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", project.id);
            m.put("object", "project");
            m.put("org_id", project.orgId);
            m.put("name", project.name);
            m.put("private", project.privateDelivery);
            m.put("created", ApiTimes.format(project.created));
            return m;
        }
    }
}
