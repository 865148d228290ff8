package dev.smidgen.api.signatures;

import dev.smidgen.catalog.projects.ProjectEntity;
import dev.smidgen.web.config.DeliveryConfig;
import dev.smidgen.web.files.FileUrls;
import dev.smidgen.web.http.ApiResponses;
import dev.smidgen.web.http.JsonBody;
import dev.smidgen.web.http.RequestContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/**
 * {@code /signatures}: signed, expiring delivery URLs, the only way to read a private project's
 * files. The path need not exist yet: nothing is looked up or stored.
 */
@Path("/signatures")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class SignatureResource {
    @Inject
    RequestContext ctx;

    @Inject
    ApiResponses responses;

    @Inject
    FileUrls urls;

    @Inject
    DeliveryConfig config;

    @POST
    public Response create(String body) {
        SignatureRequest request =
                SignatureRequest.from(JsonBody.parse(body), Instant.now(), config.maxSignatureLifetime());
        ProjectEntity project = ctx.project();
        String signature = new UrlSigner(project.signingKey).sign(request.path(), request.expiry(), request.method());
        String url = urls.of(project.id, request.folder(), request.filename()) + "?"
                + UrlSigner.query(request.expiry(), request.method(), signature);
        return responses.object(201, new SignatureView(request, signature, url, urls.domain()), "/signatures", null);
    }
}
