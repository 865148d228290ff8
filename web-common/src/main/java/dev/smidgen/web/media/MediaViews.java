package dev.smidgen.web.media;

import dev.smidgen.catalog.files.FileRepository;
import dev.smidgen.catalog.media.MediaEntity;
import dev.smidgen.catalog.media.MediaRepository;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.web.files.FileUrls;
import dev.smidgen.web.files.FileView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;

/** Reads one media item as the public services show it, scoped to the asking project. */
@ApplicationScoped
public class MediaViews {
    @Inject
    MediaRepository media;

    @Inject
    FileRepository files;

    @Inject
    FileUrls urls;

    /** A media item by id or alias, with its live files. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public MediaView view(String projectId, String idOrAlias) {
        MediaEntity item = media.findLive(projectId, idOrAlias).orElseThrow(() -> SmidgenException.notFound("Media"));
        return view(item);
    }

    /** A media item already loaded, with its live files, read in the caller's transaction. */
    public MediaView view(MediaEntity item) {
        List<FileView> sources = files.listOfMedia(item.id).stream()
                .map(f -> new FileView(f, urls.of(f)))
                .toList();
        return new MediaView(item, sources);
    }
}
