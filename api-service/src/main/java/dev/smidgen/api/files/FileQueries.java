package dev.smidgen.api.files;

import dev.smidgen.catalog.files.FileRepository;
import dev.smidgen.model.SmidgenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Read side of files, scoped to the asking project. */
@ApplicationScoped
public class FileQueries {
    @Inject
    FileRepository files;
    @Inject
    FileUrls urls;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public FileView view(String projectId, String id) {
        return files.findLive(projectId, id).map(f -> new FileView(f, urls.of(f)))
                .orElseThrow(() -> SmidgenException.notFound("File"));
    }
}
