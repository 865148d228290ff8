package dev.smidgen.api.ingest;

import dev.smidgen.catalog.tasks.IngestInput;
import dev.smidgen.model.Alias;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.StoragePaths;
import dev.smidgen.model.net.AddressGuard;
import dev.smidgen.model.net.SourceUrl;
import dev.smidgen.web.http.JsonBody;
import java.util.Map;

/**
 * A validated request to bring a URL into the library, shared by {@code POST /tasks} (ingest),
 * {@code POST /files} and {@code POST /media}. Address checks that need DNS happen in the worker,
 * right before it connects; here only what the text alone can tell.
 */
public record IngestRequest(
        SourceUrl url,
        String folder,
        String filename,
        String title,
        String alias,
        String label,
        boolean overwrite,
        Map<String, Object> metadata,
        String webhookUrl) {
    private static final AddressGuard SYNTAX = new AddressGuard(false);

    public static IngestRequest from(JsonBody body) {
        SourceUrl url = SourceUrl.parse(body.requiredString("url"));
        String alias = Alias.check(body.string("alias"));
        String label = StoragePaths.label(body.string("label"));
        String title = body.string("title");
        if (title != null && title.length() > 255) {
            throw SmidgenException.invalid("title", "title must be at most 255 characters.");
        }
        return new IngestRequest(
                url,
                StoragePaths.folder(body.string("folder")),
                StoragePaths.filename(body.string("filename")),
                title,
                alias,
                label,
                body.bool("overwrite", false),
                body.metadata(),
                webhookUrl(body));
    }

    /** Only its syntax here; where it leads is checked with DNS by {@link IngestTasks} (WebhookTargets). */
    private static String webhookUrl(JsonBody body) {
        String url = body.string("webhook_url");
        return url == null ? null : SYNTAX.checkUrl(url, "webhook_url").toString();
    }

    /** The task's {@code input}: what the worker needs to repeat this request exactly. */
    public IngestInput toTaskInput() {
        return new IngestInput(
                url, null, null, folder, filename, title, alias, label, overwrite, metadata, null, null, null, null);
    }
}
