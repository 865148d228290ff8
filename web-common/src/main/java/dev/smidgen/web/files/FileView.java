package dev.smidgen.web.files;

import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.model.Kind;
import dev.smidgen.web.http.ApiTimes;
import dev.smidgen.web.http.ApiVersion;
import dev.smidgen.web.http.Representable;
import java.util.LinkedHashMap;
import java.util.Map;

/** A File as the API shows it; both API versions share this shape. */
public record FileView(FileEntity file, String url) implements Representable {
    @Override
    public Object render(ApiVersion version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", file.id);
        m.put("object", file.object);
        m.put("media_id", file.mediaId);
        m.put("kind", file.kind == null ? null : file.kind.wire());
        m.put("type", file.mimeType);
        m.put("codec", file.codec);
        m.put("width", file.width);
        m.put("height", file.height);
        m.put("duration", file.duration);
        m.put("fps", file.fps);
        m.put("bitrate", file.bitrate);
        m.put("filesize", file.filesize);
        m.put("folder", file.folder);
        m.put("filename", file.filename);
        m.put("label", file.label);
        m.put("original", file.original);
        m.put("url", url);
        m.put("checksum", file.checksum);
        m.put("metadata", file.metadata);
        m.put("status", file.status);
        m.put("container", file.container);
        m.put("orientation", file.orientation);
        m.put("rotation", file.rotation);
        m.put("transparency", file.transparency);
        m.put("animated", file.animated);
        m.put("frames", file.frames);
        m.put("language", file.language);
        m.put("ref", file.ref);
        if (file.isPackage() && file.kind == Kind.THUMBNAILS) {
            // A storyboard track: "url" is its WebVTT, these are the sprite sheets its cues point into
            // (storyboards.md).
            m.put("format", "vtt");
            m.put("sheets", file.renditions);
        } else if (file.isPackage()) {
            // An HLS package: "url" is its master playlist; these are the rungs it offers (adaptive-streaming.md).
            m.put("format", "hls");
            m.put("renditions", file.renditions);
        }
        m.put("created", ApiTimes.format(file.created));
        m.put("updated", ApiTimes.format(file.updated));
        return m;
    }
}
