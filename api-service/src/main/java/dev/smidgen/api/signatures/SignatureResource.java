package dev.smidgen.api.signatures;

import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.catalog.files.FileRepository;
import dev.smidgen.catalog.projects.ProjectEntity;
import dev.smidgen.model.SmidgenException;
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

    @Inject
    FileRepository files;

    @POST
    public Response create(String body) {
        JsonBody json = JsonBody.parse(body);
        if (json.has("file_id")) {
            return signPackage(json);
        }
        SignatureRequest request = SignatureRequest.from(json, Instant.now(), config.maxSignatureLifetime());
        ProjectEntity project = ctx.project();
        String signature = new UrlSigner(project.signingKey).sign(request.path(), request.expiry(), request.method());
        String url = urls.of(project.id, request.folder(), request.filename()) + "?"
                + UrlSigner.query(request.expiry(), request.method(), signature);
        return responses.object(201, new SignatureView(request, signature, url, urls.domain()), "/signatures", null);
    }

    /**
     * A package signature (docs/api/adaptive-streaming.md#private-projects): {@code file_id} names an HLS
     * source or a storyboard track (docs/api/storyboards.md), and the signature covers its package's prefix,
     * so the one URL returned (its master playlist's, its WebVTT's) opens every object of the package until
     * {@code expiry}.
     */
    private Response signPackage(JsonBody json) {
        ProjectEntity project = ctx.project();
        String fileId = json.requiredString("file_id");
        if (json.has("folder") || json.has("filename")) {
            throw SmidgenException.invalid("file_id", "Give file_id or folder and filename, not both.");
        }
        FileEntity file = files.findLive(project.id, fileId).orElseThrow(() -> SmidgenException.notFound("File"));
        if (!file.isPackage()) {
            throw SmidgenException.invalid(
                    "file_id",
                    "Only a package (an HLS source, a thumbnails track) is signed by file_id; sign other files by"
                            + " folder and filename.");
        }
        // Only expiry and method are read from the body: the path is the package's.
        SignatureRequest read = SignatureRequest.from(
                json.with("filename", "master.m3u8").with("folder", null),
                Instant.now(),
                config.maxSignatureLifetime());
        if (read.method() != SignedMethod.GET) {
            throw SmidgenException.invalid("method", "A package is signed for reading (get) only.");
        }
        String prefix = file.packagePrefix.substring(project.id.length() + 1);
        String master = file.storageKey.substring(project.id.length() + 1);
        String signature = new UrlSigner(project.signingKey).sign(prefix, read.expiry(), SignedMethod.GET);
        String url = urls.of(file) + "?" + UrlSigner.query(read.expiry(), SignedMethod.GET, signature);
        SignatureRequest request = new SignatureRequest(
                master.substring(0, master.lastIndexOf('/')),
                master.substring(master.lastIndexOf('/') + 1),
                read.expiry(),
                SignedMethod.GET);
        return responses.object(201, new SignatureView(request, signature, url, urls.domain()), "/signatures", null);
    }
}
