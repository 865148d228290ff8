package dev.smidgen.api.files;

import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.catalog.files.FileRepository;
import dev.smidgen.catalog.media.MediaEntity;
import dev.smidgen.catalog.media.MediaRepository;
import dev.smidgen.model.Metadata;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.StoragePaths;
import dev.smidgen.web.http.JsonBody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Changes to single files: rename or move (the stored object follows), label, metadata, soft delete. */
@ApplicationScoped
public class FileCommands {

    @Inject
    FileRepository files;

    @Inject
    MediaRepository media;

    @Inject
    FileMover mover;

    public void patch(String projectId, String id, JsonBody body) {
        FileEntity file = load(projectId, id);
        boolean newFolder = body.has("folder");
        String folder =
                newFolder ? (body.isNull("folder") ? null : StoragePaths.folder(body.string("folder"))) : file.folder;
        String filename = body.has("filename") ? StoragePaths.filename(body.string("filename")) : file.filename;
        if ((newFolder || body.has("filename")) && file.isPackage()) {
            // Its objects live under a prefix of their own (docs/api/adaptive-streaming.md): there is no path to give.
            throw SmidgenException.invalid(
                    body.has("filename") ? "filename" : "folder",
                    "An HLS package has no filename or folder to change.");
        }
        if ((newFolder || body.has("filename")) && filename == null) {
            throw SmidgenException.invalid(
                    "filename", "This file has no filename (it was overwritten); send one to give it a path.");
        }
        String label = StoragePaths.label(body.string("label"));
        boolean overwrite = body.bool("overwrite", false);
        Map<String, Object> metadata =
                body.has("metadata") ? Metadata.merge(file.metadata, body.value("metadata")) : null;

        List<FileMover.Move> moves = filename == null ? List.of() : List.of(new FileMover.Move(file, folder, filename));
        mover.move(moves, overwrite, () -> {
            FileEntity row = files.findById(file.id);
            if (label != null) {
                row.label = label;
            }
            if (metadata != null) {
                row.metadata = metadata;
            }
            row.updated = Instant.now();
            if (row.original && row.mediaId != null) {
                MediaEntity item = media.findById(row.mediaId);
                item.filename = filename;
                item.updated = row.updated;
            }
        });
    }

    /** Hides the file at once; its object stays until the retention purge. */
    @Transactional
    public void delete(String projectId, String id) {
        FileEntity file = files.findLive(projectId, id).orElseThrow(() -> SmidgenException.notFound("File"));
        file.deleted = Instant.now();
    }

    @Transactional
    FileEntity load(String projectId, String id) {
        return files.findLive(projectId, id).orElseThrow(() -> SmidgenException.notFound("File"));
    }
}
