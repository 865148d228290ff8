package dev.smidgen.catalog.tasks;

import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.model.Kind;
import dev.smidgen.model.probe.ProbedFacts;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The File object of the jobs generation ({@code {"object":"file","kind","url","format",…}}), as a
 * task's {@code output} stores it and a job's response shows it: one mapping for a probe step (facts
 * of a file that is not kept, so no {@code id}) and an encode step (a stored file row). Pure, so the
 * shape is tested without a database.
 */
public final class FileObjects {
    private FileObjects() {}

    /**
     * A probed file that is not stored: no {@code id}.
     *
     * @param audioCodec the first audio stream's codec of a video, or null (the facts hold only the
     *                   primary stream's codec)
     */
    public static Map<String, Object> probed(ProbedFacts facts, String audioCodec, String url) {
        return object(null, facts, audioCodec, url);
    }

    /** A stored file, delivered at {@code url}. Its row keeps no audio codec of a video, so that one is left out. */
    public static Map<String, Object> stored(FileEntity file, String url) {
        return object(file.id, file.facts(), null, url);
    }

    private static Map<String, Object> object(String id, ProbedFacts facts, String audioCodec, String url) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("object", "file");
        if (id != null) {
            out.put("id", id);
        }
        out.put("kind", facts.kind() == null ? null : facts.kind().wire());
        out.put("url", url);
        out.put("format", facts.container());
        out.put("mime_type", facts.mimeType());
        out.put("width", facts.width());
        out.put("height", facts.height());
        out.put("duration", facts.duration());
        out.put("filesize", facts.filesize());
        out.put("codecs", codecs(facts, audioCodec));
        return out;
    }

    /** The video and audio codecs by their FFmpeg short names; an image's single codec is its video one. */
    private static Map<String, Object> codecs(ProbedFacts facts, String audioCodec) {
        Map<String, Object> codecs = new LinkedHashMap<>();
        if (facts.kind() == Kind.AUDIO) {
            codecs.put("video", null);
            codecs.put("audio", facts.codec());
        } else {
            codecs.put("video", facts.codec());
            codecs.put("audio", Boolean.FALSE.equals(facts.hasAudio()) ? null : audioCodec);
        }
        return codecs;
    }
}
