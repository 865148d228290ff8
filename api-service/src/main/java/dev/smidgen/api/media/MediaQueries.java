package dev.smidgen.api.media;

import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.catalog.files.FileRepository;
import dev.smidgen.catalog.listing.LibraryQueries;
import dev.smidgen.catalog.listing.ListRequest;
import dev.smidgen.catalog.media.MediaEntity;
import dev.smidgen.web.files.FileUrls;
import dev.smidgen.web.files.FileView;
import dev.smidgen.web.media.MediaView;
import dev.smidgen.web.media.MediaViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Read side of media lists, scoped to the asking project; one item is read by {@link MediaViews}. */
@ApplicationScoped
public class MediaQueries {
    @Inject
    FileRepository files;

    @Inject
    FileUrls urls;

    @Inject
    LibraryQueries library;

    /** One page of the project's live media, each with its live files (fetched in one query). */
    @Transactional
    public LibraryQueries.Page<MediaView> page(String projectId, ListRequest request) {
        LibraryQueries.Page<MediaEntity> rows = library.page("media", MediaEntity.class, projectId, request);
        Map<String, List<FileView>> filesByMedia = new HashMap<>();
        if (!rows.items().isEmpty()) {
            for (FileEntity f :
                    files.listOfMedia(rows.items().stream().map(m -> m.id).toList())) {
                filesByMedia.computeIfAbsent(f.mediaId, k -> new ArrayList<>()).add(new FileView(f, urls.of(f)));
            }
        }
        List<MediaView> views = rows.items().stream()
                .map(m -> new MediaView(m, filesByMedia.getOrDefault(m.id, List.of())))
                .toList();
        return new LibraryQueries.Page<>(views, rows.total());
    }
}
