package dev.smidgen.api.files;

import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.catalog.files.FileRepository;
import dev.smidgen.catalog.listing.LibraryQueries;
import dev.smidgen.catalog.listing.ListRequest;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.web.files.FileUrls;
import dev.smidgen.web.files.FileView;
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

    @Inject
    LibraryQueries library;

    /** One page of the project's live files. */
    @Transactional
    public LibraryQueries.Page<FileView> page(String projectId, ListRequest request) {
        LibraryQueries.Page<FileEntity> rows = library.page("files", FileEntity.class, projectId, request);
        return new LibraryQueries.Page<>(
                rows.items().stream().map(f -> new FileView(f, urls.of(f))).toList(), rows.total());
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public FileView view(String projectId, String id) {
        return files.findLive(projectId, id)
                .map(f -> new FileView(f, urls.of(f)))
                .orElseThrow(() -> SmidgenException.notFound("File"));
    }
}
