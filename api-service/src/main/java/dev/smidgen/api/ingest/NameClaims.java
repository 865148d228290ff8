package dev.smidgen.api.ingest;

import dev.smidgen.catalog.files.FileRepository;
import dev.smidgen.catalog.media.MediaRepository;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Refuses a request whose alias or path is already taken, while the client is listening. The
 * worker checks again when it writes (the unique indexes settle races); this is the early answer.
 */
@ApplicationScoped
public class NameClaims {
    @Inject
    FileRepository files;

    @Inject
    MediaRepository media;

    @Transactional
    public void refuseTaken(String projectId, String folder, String filename, boolean overwrite, String alias) {
        if (alias != null && media.findLive(projectId, alias).isPresent()) {
            throw new SmidgenException(
                    ErrorCode.CONFLICT, "A media item with alias '" + alias + "' already exists.", "alias");
        }
        if (filename != null
                && !overwrite
                && files.findPathHolder(projectId, folder, filename).isPresent()) {
            throw new SmidgenException(
                    ErrorCode.CONFLICT,
                    "A file named '" + filename
                            + "' already exists in this folder; send overwrite: true to replace it.",
                    "filename");
        }
    }
}
