package dev.smidgen.api.media;

import dev.smidgen.api.files.FileMover;
import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.catalog.files.FileRepository;
import dev.smidgen.catalog.media.MediaEntity;
import dev.smidgen.catalog.media.MediaRepository;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.Metadata;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.StoragePaths;
import dev.smidgen.web.http.JsonBody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Changes to media items: edit (title, folder, metadata), soft delete and restore. */
@ApplicationScoped
public class MediaCommands {
    private static final int MAX_TITLE = 255;

    @Inject
    MediaRepository media;

    @Inject
    FileRepository files;

    @Inject
    FileMover mover;

    @ConfigProperty(name = "smidgen.retention", defaultValue = "24h")
    Duration retention;

    /**
     * Applies a PATCH. Every field is validated before anything changes; a new folder moves every
     * named file of the item (see {@link FileMover} for why nothing can get lost half-way).
     */
    public void patch(String projectId, String idOrAlias, JsonBody body) {
        MediaEntity item = load(projectId, idOrAlias);
        String title = body.string("title");
        if (title != null && title.length() > MAX_TITLE) {
            throw SmidgenException.invalid("title", "title must be at most " + MAX_TITLE + " characters.");
        }
        boolean moveFolder = body.has("folder");
        String folder = moveFolder && !body.isNull("folder") ? StoragePaths.folder(body.string("folder")) : null;
        boolean overwrite = body.bool("overwrite", false);
        Map<String, Object> metadata =
                body.has("metadata") ? Metadata.merge(item.metadata, body.value("metadata")) : null;

        List<FileMover.Move> moves = !moveFolder
                ? List.of()
                : files.listOfMedia(item.id).stream()
                        .filter(f -> f.filename != null)
                        .map(f -> new FileMover.Move(f, folder, f.filename))
                        .toList();
        mover.move(moves, overwrite, () -> {
            MediaEntity row = media.findById(item.id);
            if (title != null) {
                row.title = title;
            }
            if (moveFolder) {
                row.folder = folder;
                // HLS packages keep their objects where they are (under their prefix); only the folder they list in
                // moves.
                files.update("folder = ?1 where mediaId = ?2 and packagePrefix is not null", folder, item.id);
            }
            if (metadata != null) {
                row.metadata = metadata;
            }
            row.updated = Instant.now();
        });
    }

    /** Hides the item and its files at once; objects stay until the retention purge. */
    @Transactional
    public void delete(String projectId, String idOrAlias) {
        MediaEntity item = media.findLive(projectId, idOrAlias).orElseThrow(() -> SmidgenException.notFound("Media"));
        Instant now = Instant.now();
        item.deleted = now;
        for (FileEntity f : files.listOfMedia(item.id)) {
            f.deleted = now;
        }
    }

    /** Brings back an item deleted within the retention window, with the files deleted along with it. */
    @Transactional
    public MediaEntity restore(String projectId, String id) {
        MediaEntity item = media.find("projectId = ?1 and id = ?2", projectId, id)
                .firstResultOptional()
                .orElseThrow(() -> SmidgenException.notFound("Media"));
        if (item.deleted == null) {
            throw new SmidgenException(ErrorCode.CONFLICT, "This media item is not deleted.");
        }
        if (item.deleted.isBefore(Instant.now().minus(retention))) {
            throw new SmidgenException(ErrorCode.NOT_FOUND, "This media item was deleted too long ago to restore.");
        }
        if (item.alias != null && media.findLive(projectId, item.alias).isPresent()) {
            throw new SmidgenException(
                    ErrorCode.CONFLICT, "Another media item has taken the alias '" + item.alias + "'.", "alias");
        }
        files.update("deleted = null where mediaId = ?1 and deleted = ?2", item.id, item.deleted);
        item.deleted = null;
        item.updated = Instant.now();
        return item;
    }

    @Transactional
    MediaEntity load(String projectId, String idOrAlias) {
        return media.findLive(projectId, idOrAlias).orElseThrow(() -> SmidgenException.notFound("Media"));
    }
}
