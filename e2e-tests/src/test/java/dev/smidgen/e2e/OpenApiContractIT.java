package dev.smidgen.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.smidgen.client.ApiClient;
import dev.smidgen.client.ApiException;
import dev.smidgen.client.ApiResponse;
import dev.smidgen.client.api.AdminApi;
import dev.smidgen.client.api.MediaApi;
import dev.smidgen.client.api.SignaturesApi;
import dev.smidgen.client.api.SourcesApi;
import dev.smidgen.client.api.TasksApi;
import dev.smidgen.client.model.ConversionRequest;
import dev.smidgen.client.model.CreateProjectRequest;
import dev.smidgen.client.model.ErrorCode;
import dev.smidgen.client.model.ErrorEnvelope;
import dev.smidgen.client.model.IngestRequest;
import dev.smidgen.client.model.Kind;
import dev.smidgen.client.model.Media;
import dev.smidgen.client.model.MediaPatch;
import dev.smidgen.client.model.MetadataValue;
import dev.smidgen.client.model.ModelFile;
import dev.smidgen.client.model.Project;
import dev.smidgen.client.model.Signature;
import dev.smidgen.client.model.SignatureRequest;
import dev.smidgen.client.model.Size;
import dev.smidgen.client.model.Task;
import dev.smidgen.client.model.TaskKind;
import dev.smidgen.client.model.TaskStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The API document is the contract (docs/api/openapi.md): the API service serves the committed
 * file, and a client generated from it at build time (package dev.smidgen.client, OpenAPI
 * Generator's java/native) runs a whole scenario against the real stack. A response the document
 * does not describe (an unknown enum value, a wrong type, a missing route) fails here.
 */
@Order(36)
class OpenApiContractIT {
    /** The version the document describes. */
    static final LocalDate VERSION = LocalDate.parse("2025-08-20");

    static TestStack env;
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void stack() {
        env = TestStack.get();
    }

    @Test
    void theServedDocumentIsTheCommittedFile() throws Exception {
        HttpResponse<String> json = get(env.stack.apiUrl() + "/openapi?format=json");
        assertEquals(200, json.statusCode(), "served without a key");
        JsonNode committed = new YAMLMapper().readTree(Files.readString(committedDocument()));
        assertEquals(committed, new ObjectMapper().readTree(json.body()));

        HttpResponse<String> yaml = get(env.stack.apiUrl() + "/openapi");
        assertEquals(200, yaml.statusCode());
        assertEquals(committed, new YAMLMapper().readTree(yaml.body()));
    }

    @Test
    void swaggerUiIsOnInTheEmbeddedStack() throws Exception {
        HttpResponse<String> ui = get(env.stack.apiUrl() + "/swagger-ui/");
        assertEquals(200, ui.statusCode());
        assertTrue(ui.body().contains("swagger-ui"), ui.body());
    }

    /** Ingest, list with filters, edit metadata, convert, sign, delete: every call through the generated client. */
    @Test
    void aScenarioThroughTheGeneratedClient() throws Exception {
        String folder = "contract/clips";
        AdminApi admin = new AdminApi(client(env.stack.adminToken()));
        Project project = admin.createProject(
                new CreateProjectRequest().name("openapi-contract")._private(true), VERSION);
        assertEquals(Boolean.TRUE, project.getPrivate());
        ApiClient api = client(admin.createApiKey(project.getId(), VERSION).getKey());
        MediaApi media = new MediaApi(api);

        // Ingest from a URL (synchronous: 201 and the media item), and an image the filters must leave out.
        Media clip = media.createMedia(
                new IngestRequest()
                        .url(URI.create(env.sources.url("/video.mp4")))
                        .folder(folder)
                        .filename("clip.mp4")
                        .title("Contract clip")
                        .metadata(Map.of("user_id", new MetadataValue("u-42"))),
                VERSION,
                "contract-" + UUID.randomUUID());
        assertEquals("video", clip.getKind());
        assertEquals(1, clip.getFiles().size());
        assertTrue(clip.getUrls().containsKey("original"));
        media.createMedia(new IngestRequest().url(URI.create(env.sources.url("/image.png"))), VERSION, null);

        // List with filters: kind and folder leave the clip alone; the total is in X-Total-Count.
        ApiResponse<List<Media>> page =
                media.listMediaWithHttpInfo(VERSION, 1, 10, "created", "desc", Kind.VIDEO, folder, null);
        assertEquals(
                List.of(clip.getId()), page.getData().stream().map(Media::getId).toList());
        assertEquals(List.of("1"), page.getHeaders().get("X-Total-Count"));
        assertEquals(
                2, media.listMedia(VERSION, 1, 10, null, null, null, null, null).size());

        // Update metadata: merged into what was there.
        Media edited = media.updateMedia(
                clip.getId(),
                new MediaPatch().title("Renamed").metadata(Map.of("reviewed", new MetadataValue(true))),
                VERSION);
        assertEquals("Renamed", edited.getTitle());
        assertEquals("u-42", edited.getMetadata().get("user_id").getActualInstance());
        assertEquals(Boolean.TRUE, edited.getMetadata().get("reviewed").getActualInstance());

        // Convert: a 160-wide JPEG poster, polled through the task list until completed.
        Task task = new SourcesApi(api)
                .createSource(
                        new ConversionRequest()
                                .mediaId(clip.getId())
                                .kind(ConversionRequest.KindEnum.IMAGE)
                                .format(ConversionRequest.FormatEnum.JPEG)
                                .width(new Size(160))
                                .label("poster"),
                        VERSION,
                        null);
        assertEquals(TaskKind.IMAGE, task.getKind());
        awaitCompleted(new TasksApi(api), task.getId());
        Media converted = media.getMedia(clip.getId(), VERSION);
        ModelFile poster = converted.getFiles().stream()
                .filter(f -> "poster".equals(f.getLabel()))
                .findFirst()
                .orElseThrow();
        assertEquals(Integer.valueOf(160), poster.getWidth());
        assertEquals("image/jpeg", poster.getType());
        assertEquals(poster.getUrl(), converted.getUrls().get("poster"));

        // A signed URL: the project is private, so the bare URL is refused and the signed one serves the JPEG.
        assertEquals(403, get(poster.getUrl().toString()).statusCode());
        Signature signed = new SignaturesApi(api)
                .createSignature(
                        new SignatureRequest()
                                .folder(poster.getFolder())
                                .filename(poster.getFilename())
                                .expiry(Instant.now().plusSeconds(600).getEpochSecond()),
                        VERSION,
                        null);
        HttpResponse<byte[]> jpeg =
                HTTP.send(HttpRequest.newBuilder(signed.getUrl()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, jpeg.statusCode());
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xD8}, java.util.Arrays.copyOf(jpeg.body(), 2));

        // Delete: a message, then the item is gone with the documented error envelope.
        assertFalse(media.deleteMedia(clip.getId(), VERSION).getMessage().isBlank());
        ApiException gone = assertThrows(ApiException.class, () -> media.getMedia(clip.getId(), VERSION));
        assertEquals(404, gone.getCode());
        ErrorEnvelope error = api.getObjectMapper().readValue(gone.getResponseBody(), ErrorEnvelope.class);
        assertEquals(ErrorCode.NOT_FOUND, error.getError().getCode());
        assertNotNull(error.getMeta().getId());
    }

    /**
     * Raw answers of the real stack, each held to the schema the document gives it: types, nulls,
     * enums and required fields, which the generated client's lenient Jackson lets pass.
     */
    @Test
    void rawAnswersMatchTheDocumentsSchemas() throws Exception {
        DocumentSchemas schemas = DocumentSchemas.of(committedDocument());
        // The validator bites: a wrong type, a missing required field and an unknown enum value are each found.
        String valid = "{\"id\": \"med_x\", \"object\": \"media\", \"kind\": \"video\", \"files\": [], \"urls\": {},"
                + " \"metadata\": {}, \"created\": \"2026-01-01T00:00:00Z\", \"updated\": \"2026-01-01T00:00:00Z\"}";
        assertEquals(List.of(), schemas.problems("Media", valid));
        assertFalse(schemas.problems("Media", valid.replace("\"med_x\"", "1")).isEmpty());
        assertFalse(schemas.problems("Media", valid.replace("\"updated\"", "\"changed\""))
                .isEmpty());
        assertFalse(schemas.problems("TaskStatus", "\"done\"").isEmpty());
        TestStack.Project project = env.newProject("openapi-schemas");
        String created = write(
                project,
                "/media",
                Map.of("url", env.sources.url("/video.mp4"), "metadata", Map.of("n", 1, "ok", true)),
                201);
        String mediaId = new ObjectMapper().readTree(created).path("id").asText();
        assertEquals(List.of(), schemas.problems("Media", created));
        String media = read(project, "/media/" + mediaId, 200);
        assertEquals(List.of(), schemas.problems("Media", media));
        String fileId = new ObjectMapper().readTree(media).at("/files/0/id").asText();
        assertEquals(List.of(), schemas.problems("File", read(project, "/files/" + fileId, 200)));
        assertEquals(List.of(), schemas.problemsOfEach("Media", read(project, "/media", 200)));
        String task = write(project, "/sources", Map.of("media_id", mediaId, "kind", "audio", "format", "mp3"), 201);
        assertEquals(List.of(), schemas.problems("Task", task));
        assertEquals(List.of(), schemas.problemsOfEach("Task", read(project, "/tasks", 200)));
        Map<String, Object> session = Map.of(
                "resumable", true, "conditions", List.of(Map.of("key", "kind", "operator", "==", "value", "video")));
        String upload = write(project, "/uploads", session, 200);
        assertEquals(List.of(), schemas.problems("Upload", upload));
        assertEquals(List.of(), schemas.problems("WebhookSecret", read(project, "/webhooks/secret", 200)));
        assertEquals(List.of(), schemas.problems("ErrorEnvelope", read(project, "/media/med_000000000000", 404)));
        assertEquals(List.of(), schemas.problems("JobsError", read(project, "/jobs/job_000000000000", 404)));
    }

    /** A raw POST in the version the document describes, answered with {@code status}. */
    private static String write(TestStack.Project project, String path, Map<String, Object> body, int status) {
        return env.api(project)
                .header("Accept-Version", VERSION.toString())
                .body(body)
                .post(path)
                .then()
                .statusCode(status)
                .extract()
                .asString();
    }

    /** A raw GET in the version the document describes, answered with {@code status}. */
    private static String read(TestStack.Project project, String path, int status) {
        return env.api(project)
                .header("Accept-Version", VERSION.toString())
                .get(path)
                .then()
                .statusCode(status)
                .extract()
                .asString();
    }

    private static void awaitCompleted(TasksApi tasks, String id) throws ApiException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (tasks.listTasks(VERSION, 1, 100, TaskKind.IMAGE, TaskStatus.COMPLETED).stream()
                    .anyMatch(t -> t.getId().equals(id))) {
                return;
            }
            if (tasks.listTasks(VERSION, 1, 100, TaskKind.IMAGE, TaskStatus.FAILED).stream()
                    .anyMatch(t -> t.getId().equals(id))) {
                throw new AssertionError("The conversion " + id + " failed");
            }
            Thread.sleep(200);
        }
        throw new AssertionError("The conversion " + id + " did not complete in 90 s");
    }

    /** A generated client for the stack's API, sending {@code token} as the bearer the document's schemes name. */
    private static ApiClient client(String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(env.stack.apiUrl());
        client.setReadTimeout(Duration.ofSeconds(120));
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path committedDocument() {
        return TestStack.repoRoot().resolve("docs/api/openapi.yaml");
    }
}
