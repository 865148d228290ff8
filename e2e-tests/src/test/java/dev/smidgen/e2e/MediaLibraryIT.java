package dev.smidgen.e2e;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.e2e.TestStack.Project;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The media library: lists with filters and sorts, edits that move stored objects, soft delete and restore. */
@Tag("storage") // runs again on S3 in CI: see the storage-s3 profile
@Order(35)
class MediaLibraryIT {
    static TestStack env;
    /** Holds only the four seeded media, so list expectations are exact whatever else runs. */
    static Project lists;
    /** Where the edit, delete and restore tests create their own media. */
    static Project project;
    /** Media created in order in {@link #lists}: image (folder "cards"), audio, video, image (folder "cards"). */
    static final List<String> created = new ArrayList<>();

    @BeforeAll
    static void seed() {
        env = TestStack.get();
        lists = env.newProject("library-lists");
        project = env.newProject("library-edits");
        created.add(create(
                lists,
                "/image.png",
                Map.of(
                        "folder",
                        "cards",
                        "filename",
                        "card-1.png",
                        "metadata",
                        Map.of("user_id", 123, "source", "ios"))));
        created.add(create(lists, "/audio.mp3", Map.of("metadata", Map.of("user_id", "123", "source", "web"))));
        created.add(create(lists, "/video.mp4", Map.of("metadata", Map.of("user_id", "456", "source", "ios"))));
        created.add(create(
                lists,
                "/image.png",
                Map.of("folder", "cards", "filename", "card-2.png", "metadata", Map.of("flag", true))));
    }

    private static String create(String path, Map<String, Object> extra) {
        return create(project, path, extra);
    }

    private static String create(Project owner, String path, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(extra);
        body.put("url", env.sources.url(path));
        return env.api(owner)
                .body(body)
                .post("/media")
                .then()
                .statusCode(201)
                .extract()
                .path("data.id");
    }

    private static List<String> reversed(List<String> ids) {
        List<String> r = new ArrayList<>(ids);
        java.util.Collections.reverse(r);
        return r;
    }

    @Test
    void defaultListIsNewestFirstWithPagingMeta() {
        env.api(lists)
                .get("/media")
                .then()
                .statusCode(200)
                .body("meta.type", equalTo("list"))
                .body("meta.total", equalTo(4))
                .body("meta.limit", equalTo(12))
                .body("meta.page", equalTo(1))
                .body("meta.pages", equalTo(1))
                .body("links.next", nullValue())
                .body("links.prev", nullValue())
                .body("data.id", equalTo(reversed(created)))
                .body("data[0].sources", hasSize(1))
                .body("data[0].tracks", hasSize(0));
    }

    @Test
    void pagesWalkTheWholeListWithoutGapsOrRepeats() {
        env.api(lists)
                .get("/media?limit=3&page=1")
                .then()
                .body("data.id", equalTo(reversed(created).subList(0, 3)))
                .body("meta.pages", equalTo(2))
                .body("links.next", equalTo(env.stack.apiUrl() + "/media?page=2&limit=3"))
                .body("links.prev", nullValue());
        env.api(lists)
                .get("/media?limit=3&page=2")
                .then()
                .body("data.id", equalTo(reversed(created).subList(3, 4)))
                .body("links.next", nullValue())
                .body("links.prev", equalTo(env.stack.apiUrl() + "/media?page=1&limit=3"));
        env.api(lists)
                .get("/media?limit=3&page=3")
                .then()
                .statusCode(200)
                .body("data", hasSize(0))
                .body("meta.total", equalTo(4));
    }

    @Test
    void sortsByFacts() {
        List<Integer> sizes = env.api(lists)
                .get("/media?sort=filesize&order=asc")
                .then()
                .statusCode(200)
                .extract()
                .path("data.filesize");
        List<Integer> sorted = new ArrayList<>(sizes);
        sorted.sort(null);
        assertEquals(sorted, sizes);
        // equal sizes (the two identical images) are ordered by id, the same way in both directions
        List<String> asc = env.api(lists).get("/media?sort=filesize&order=asc").path("data.id");
        List<String> desc =
                env.api(lists).get("/media?sort=filesize&order=desc").path("data.id");
        assertEquals(reversed(asc), desc);
        env.api(lists)
                .get("/media?sort=filename&order=asc&folder=cards")
                .then()
                .body("data.id", contains(created.get(0), created.get(3)));
    }

    @Test
    void filtersByKindFolderAndMetadata() {
        env.api(lists).get("/media?kind=image").then().body("meta.total", equalTo(2));
        env.api(lists).get("/media?folder=cards").then().body("meta.total", equalTo(2));
        // 123 matches the number and the string
        env.api(lists)
                .get("/media?metadata.user_id=123")
                .then()
                .body("meta.total", equalTo(2))
                .body("data.id", contains(created.get(1), created.get(0)));
        env.api(lists)
                .get("/media?metadata.user_id=123&metadata.source=ios")
                .then()
                .body("data.id", contains(created.get(0)));
        env.api(lists).get("/media?metadata.flag=true").then().body("data.id", contains(created.get(3)));
        env.api(lists)
                .get("/media?metadata.user_id=nope")
                .then()
                .statusCode(200)
                .body("meta.total", equalTo(0))
                .body("data", hasSize(0));
        env.api(lists).get("/media?kind=video&metadata.source=ios").then().body("data.id", contains(created.get(2)));
        env.api(lists)
                .get("/media?metadata.source=ios&limit=1")
                .then()
                .body("links.next", equalTo(env.stack.apiUrl() + "/media?page=2&limit=1&metadata.source=ios"));
    }

    @Test
    void filesListTheSameWay() {
        env.api(lists)
                .get("/files?kind=image&sort=created&order=asc")
                .then()
                .statusCode(200)
                .body("meta.total", equalTo(2))
                .body("data.filename", contains("card-1.png", "card-2.png"));
        env.api(lists)
                .header("Accept-Version", "2025-08-20")
                .get("/files?limit=2")
                .then()
                .body("$", instanceOf(List.class))
                .body("$", hasSize(2))
                .header("X-Total-Count", "4");
    }

    @Test
    void otherProjectsSeeNothing() {
        Project other = env.newProject("library-other");
        env.api(other).get("/media").then().body("meta.total", equalTo(0));
        env.api(other).get("/media/" + created.get(0)).then().statusCode(404).body("error.code", equalTo("not_found"));
        env.api(other)
                .body(Map.of("title", "x"))
                .patch("/media/" + created.get(0))
                .then()
                .statusCode(404);
        env.api(other).delete("/media/" + created.get(0)).then().statusCode(404);
        env.api(lists).get("/media/" + created.get(0)).then().statusCode(200);
        env.api(lists).get("/media/med_000000000000").then().statusCode(404).body("error.code", equalTo("not_found"));
        env.api(lists)
                .body(Map.of("title", "x"))
                .patch("/media/med_000000000000")
                .then()
                .statusCode(404);
        env.api(lists)
                .body(Map.of("label", "x"))
                .patch("/files/file_000000000000")
                .then()
                .statusCode(404);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sort=size",
                "order=up",
                "kind=document",
                "limit=0",
                "limit=101",
                "limit=abc",
                "page=0",
                "folder=../x",
                "folder=a//b"
            })
    void badListParametersAre400(String query) {
        env.api(lists)
                .get("/media?" + query)
                .then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_request"))
                .body("error.field", equalTo(query.substring(0, query.indexOf('='))));
        env.api(lists).get("/files?" + query).then().statusCode(400);
    }

    @Test
    void patchMergesMetadataAndRenames() {
        String id = create("/audio.mp3", Map.of("metadata", Map.of("a", "1", "b", "2")));
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("b", null);
        metadata.put("c", 3);
        env.api(project)
                .body(Map.of("title", "Theme", "metadata", metadata))
                .patch("/media/" + id)
                .then()
                .statusCode(200)
                .body("data.title", equalTo("Theme"))
                .body("data.metadata", equalTo(Map.of("a", "1", "c", 3)));
        env.api(project)
                .body(Map.of("metadata", Map.of()))
                .patch("/media/" + id)
                .then()
                .statusCode(200)
                .body("data.metadata", equalTo(Map.of()));
        delete(id);
    }

    @Test
    void folderMoveCarriesEveryObjectAlong() {
        String id = create("/image.png", Map.of("folder", "inbox", "filename", "move-me.png"));
        JsonPath before = env.api(project).get("/media/" + id).jsonPath();
        String oldUrl = before.getString("data.original");
        byte[] bytes = RestAssured.get(oldUrl).asByteArray();

        JsonPath after = env.api(project)
                .body(Map.of("folder", "archive/2026"))
                .patch("/media/" + id)
                .then()
                .statusCode(200)
                .body("data.folder", equalTo("archive/2026"))
                .extract()
                .jsonPath();
        String newUrl = after.getString("data.original");
        assertEquals(env.stack.deliveryUrl() + "/" + project.id() + "/archive/2026/move-me.png", newUrl);
        RestAssured.get(oldUrl).then().statusCode(404);
        assertEquals(
                Sources.sha256(bytes), Sources.sha256(RestAssured.get(newUrl).asByteArray()));
        List<String> keys = env.objectKeys(project.id());
        assertTrue(keys.contains(project.id() + "/archive/2026/move-me.png"));
        assertFalse(keys.contains(project.id() + "/inbox/move-me.png"));
        delete(id);
    }

    @Test
    void moveOntoATakenNameIsAConflictAndChangesNothing() {
        String a = create("/image.png", Map.of("folder", "left", "filename", "same.png"));
        String b = create("/audio.mp3", Map.of("folder", "right", "filename", "same.png"));
        List<String> keysBefore = env.objectKeys(project.id());
        env.api(project)
                .body(Map.of("folder", "right", "title", "changed"))
                .patch("/media/" + a)
                .then()
                .statusCode(409)
                .body("error.code", equalTo("conflict"));
        env.api(project)
                .get("/media/" + a)
                .then()
                .body("data.folder", equalTo("left"))
                .body("data.title", equalTo("same.png"));
        assertEquals(keysBefore, env.objectKeys(project.id()));

        // overwrite: the moved file takes the name; the displaced one keeps its bytes and id
        env.api(project)
                .body(Map.of("folder", "right", "overwrite", true))
                .patch("/media/" + a)
                .then()
                .statusCode(200);
        String displacedFile = env.api(project).get("/media/" + b).path("data.sources[0].id");
        String displacedUrl = env.api(project)
                .get("/files/" + displacedFile)
                .then()
                .body("data.filename", nullValue())
                .extract()
                .path("data.url");
        RestAssured.get(displacedUrl).then().statusCode(200).header("Content-Type", "audio/mpeg");
        delete(a);
        delete(b);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"title\": 5}",
                "{\"folder\": 5}",
                "{\"folder\": \"../up\"}",
                "{\"folder\": \"a//b\"}",
                "{\"overwrite\": \"yes\"}",
                "{\"metadata\": {\"nested\": {\"x\": 1}}}",
                "{\"metadata\": [1, 2]}",
                "{\"metadata\": \"text\"}",
            })
    void badPatchesAre400AndChangeNothing(String body) {
        String before = env.api(lists).get("/media/" + created.get(0)).asString();
        env.api(lists)
                .body(body)
                .patch("/media/" + created.get(0))
                .then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_request"));
        JsonPath now = env.api(lists).get("/media/" + created.get(0)).jsonPath();
        JsonPath then = new JsonPath(before);
        assertEquals(then.getString("data.updated"), now.getString("data.updated"));
        Object metadataBefore = then.get("data.metadata");
        assertEquals(metadataBefore, now.get("data.metadata"));
    }

    @Test
    void oversizedMetadataIsRefused() {
        Map<String, Object> big = new HashMap<>();
        for (int i = 0; i < 65; i++) {
            big.put("k" + i, i);
        }
        env.api(lists)
                .body(Map.of("metadata", big))
                .patch("/media/" + created.get(1))
                .then()
                .statusCode(400)
                .body("error.field", equalTo("metadata"));
        env.api(lists)
                .body(Map.of("metadata", Map.of("long", "x".repeat(1025))))
                .patch("/media/" + created.get(1))
                .then()
                .statusCode(400)
                .body("error.field", equalTo("metadata.long"));
    }

    @Test
    void filesCanBeRenamedAndDeleted() {
        String mediaId = create("/image.png", Map.of("filename", "old-name.png"));
        String fileId = env.api(project).get("/media/" + mediaId).path("data.sources[0].id");
        env.api(project)
                .body(Map.of("filename", "a/b.png"))
                .patch("/files/" + fileId)
                .then()
                .statusCode(400)
                .body("error.field", equalTo("filename"));
        env.api(project)
                .body(Map.of("filename", "bad\u0001name.png"))
                .patch("/files/" + fileId)
                .then()
                .statusCode(400);
        String url = env.api(project)
                .body(Map.of("filename", "new-name.png", "label", "cover"))
                .patch("/files/" + fileId)
                .then()
                .statusCode(200)
                .body("data.filename", equalTo("new-name.png"))
                .body("data.label", equalTo("cover"))
                .extract()
                .path("data.url");
        RestAssured.get(url).then().statusCode(200);
        env.api(project)
                .get("/media?sort=filename&order=asc&metadata.none=x")
                .then()
                .statusCode(200);
        env.api(project)
                .delete("/files/" + fileId)
                .then()
                .statusCode(200)
                .body("data", nullValue())
                .body("error", nullValue());
        env.api(project).get("/files/" + fileId).then().statusCode(404);
        RestAssured.get(url).then().statusCode(404);
        env.api(project)
                .header("Accept-Version", "2025-08-20")
                .delete("/files/" + fileId)
                .then()
                .statusCode(404);
        delete(mediaId);
    }

    @Test
    void deletedMediaVanishesAtOnceAndCanBeRestored() {
        String id = create("/image.png", Map.of("alias", "restorable", "folder", "trash-test"));
        String url = env.api(project).get("/media/" + id).path("data.original");
        // limit=1 makes the totals come from the trigger-kept live counts, not from the page itself
        int total = env.api(project).get("/media?limit=1").path("meta.total");
        int images = env.api(project).get("/media?limit=1&kind=image").path("meta.total");

        env.api(project)
                .header("Accept-Version", "2025-08-20")
                .delete("/media/" + id)
                .then()
                .statusCode(200)
                .body("message", instanceOf(String.class));
        env.api(project).get("/media/" + id).then().statusCode(404);
        env.api(project).get("/media/restorable").then().statusCode(404);
        env.api(project).get("/media?limit=1").then().body("meta.total", equalTo(total - 1));
        env.api(project).get("/media?limit=1&kind=image").then().body("meta.total", equalTo(images - 1));
        assertEquals(total - 1, (int)
                env.count("SELECT count(*) FROM media WHERE project_id = ? AND deleted IS NULL", project.id()));
        RestAssured.get(url).then().statusCode(404);
        assertTrue(
                env.objectKeys(project.id())
                        .contains(project.id() + "/trash-test/" + url.substring(url.lastIndexOf('/') + 1)),
                "objects are kept for the retention window");

        env.api(project)
                .post("/media/" + id + "/restore")
                .then()
                .statusCode(200)
                .body("data.id", equalTo(id))
                .body("data.sources", hasSize(1));
        RestAssured.get(url).then().statusCode(200);
        env.api(project).get("/media/restorable").then().statusCode(200);
        env.api(project).get("/media?limit=1").then().body("meta.total", equalTo(total));
        env.api(project).get("/media?limit=1&kind=image").then().body("meta.total", equalTo(images));
        env.api(project)
                .post("/media/" + id + "/restore")
                .then()
                .statusCode(409)
                .body("error.code", equalTo("conflict"));
        env.api(project).post("/media/med_000000000000/restore").then().statusCode(404);
        delete(id);
    }

    private static void delete(String mediaId) {
        env.api(project).delete("/media/" + mediaId).then().statusCode(200);
    }
}
