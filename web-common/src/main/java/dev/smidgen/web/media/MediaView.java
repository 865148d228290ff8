package dev.smidgen.web.media;

import dev.smidgen.catalog.media.MediaEntity;
import dev.smidgen.web.files.FileView;
import dev.smidgen.web.http.ApiTimes;
import dev.smidgen.web.http.ApiVersion;
import dev.smidgen.web.http.Representable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Media item with its files, in the shape of the negotiated version. */
public record MediaView(MediaEntity media, List<FileView> files) implements Representable {
    @Override
    public Object render(ApiVersion version) {
        return version.envelope() ? legacy(version) : current(version);
    }

    /** Labelled files by label; the original is labelled {@code original}. */
    private Map<String, Object> urls() {
        Map<String, Object> urls = new LinkedHashMap<>();
        for (FileView f : files) {
            String label = f.file().original ? "original" : f.file().label;
            if (label != null) {
                urls.putIfAbsent(label, f.url());
            }
        }
        return urls;
    }

    private List<Object> render(String object, ApiVersion version) {
        List<Object> out = new ArrayList<>();
        for (FileView f : files) {
            if (object == null || object.equals(f.file().object)) {
                out.add(f.render(version));
            }
        }
        return out;
    }

    private long totalFilesize() {
        return files.stream()
                .mapToLong(f -> f.file().filesize == null ? 0 : f.file().filesize)
                .sum();
    }

    private Map<String, Object> legacy(ApiVersion version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", media.id);
        m.put("object", "media");
        m.put("title", media.title);
        m.put("folder", media.folder);
        m.put("kind", media.kind == null ? null : media.kind.wire());
        m.put("width", media.width);
        m.put("height", media.height);
        m.put("duration", media.duration);
        m.put("fps", media.fps);
        m.put("filesize", media.filesize);
        m.put("total_filesize", totalFilesize());
        m.put("sources", render("source", version));
        m.put("tracks", render("track", version));
        m.put("intelligence", render("intelligence", version));
        Map<String, Object> urls = urls();
        m.put("original", urls.get("original"));
        urls.forEach((label, url) -> {
            if (!m.containsKey(label)) {
                m.put(label, url);
            }
        });
        m.put("placeholder", media.placeholder);
        m.put("background", media.background);
        m.put("alias", media.alias);
        m.put("metadata", media.metadata);
        m.put("status", media.status);
        m.put("created", ApiTimes.format(media.created));
        m.put("updated", ApiTimes.format(media.updated));
        return m;
    }

    private Map<String, Object> current(ApiVersion version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", media.id);
        m.put("object", "media");
        m.put("kind", media.kind == null ? null : media.kind.wire());
        m.put("title", media.title);
        m.put("alt", null);
        m.put("width", media.width);
        m.put("height", media.height);
        m.put("duration", media.duration);
        m.put("files", render(null, version));
        m.put("urls", urls());
        m.put("background", media.background);
        m.put("metadata", media.metadata);
        m.put("created", ApiTimes.format(media.created));
        m.put("updated", ApiTimes.format(media.updated));
        return m;
    }
}
