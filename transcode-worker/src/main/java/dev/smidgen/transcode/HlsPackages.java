package dev.smidgen.transcode;

import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.media.MediaInput;
import dev.smidgen.media.probe.Ffprobe;
import dev.smidgen.media.transcode.QualityScale;
import dev.smidgen.media.transcode.hls.HlsLadder;
import dev.smidgen.media.transcode.hls.HlsPackage;
import dev.smidgen.media.transcode.hls.HlsRendition;
import dev.smidgen.media.transcode.hls.HlsSpec;
import dev.smidgen.model.Kind;
import dev.smidgen.model.convert.OutputFormat;
import dev.smidgen.model.probe.ProbedFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an HLS package of a conversion is stored and how its source row describes it. Every object of
 * the package lives under {@code {project}/.hls/{file_id}/}: fixed by the task's output id, so a retry
 * overwrites the same keys, outside every user folder (no folder starts with a dot), so moving the media
 * item never has to move a hundred objects, and one prefix to delete.
 */
final class HlsPackages {
    private HlsPackages() {}

    /** The key prefix of the package of output file {@code fileId}, ending in '/'. */
    static String prefix(String projectId, String fileId) {
        return projectId + "/.hls/" + fileId + "/";
    }

    /**
     * The ladder of {@code job} from {@code file}: one spec for a package made whole, and for every range and
     * the audio rendition of a split one. {@code hasAudio}: whether the input has audio (probed when the row
     * does not say).
     */
    static HlsSpec spec(TranscodeJob job, FileEntity file, boolean hasAudio) {
        return new HlsSpec(
                HlsLadder.of(job.width(), job.height(), job.quality()),
                QualityScale.AAC_KBPS.at(job.quality()),
                hasAudio,
                file.fps);
    }

    /** Whether the input has audio: as its row says, else probed (a row stored before the fact was recorded). */
    static boolean hasAudio(FileEntity file, MediaInput input, String taskId) {
        return file.hasAudio != null
                ? file.hasAudio
                : Ffprobe.probe(input, taskId).hasAudio();
    }

    /** The MIME type an object of the package is stored and served with, from its name. */
    static String mimeType(String name) {
        if (name.endsWith(".m3u8")) {
            return OutputFormat.HLS.mimeType();
        }
        if (name.endsWith(".m4s")) {
            return "video/iso.segment";
        }
        if (name.endsWith(".mp4")) {
            return name.startsWith(HlsSpec.AUDIO + "/") ? "audio/mp4" : "video/mp4";
        }
        return "application/octet-stream";
    }

    /** The objects in publishing order: media first, the master playlist last, so that it never names a missing object. */
    static List<String> publishingOrder(List<String> files) {
        List<String> ordered = new ArrayList<>();
        files.stream().filter(f -> !f.endsWith(".m3u8")).forEach(ordered::add);
        files.stream()
                .filter(f -> f.endsWith(".m3u8") && !f.equals(HlsSpec.MASTER))
                .forEach(ordered::add);
        if (files.contains(HlsSpec.MASTER)) {
            ordered.add(HlsSpec.MASTER);
        }
        return ordered;
    }

    /**
     * The source's facts: a video of the top rung's size, the input's duration and frame rate, the bit rate
     * of the top rung with its audio, and the size of the whole package.
     */
    static ProbedFacts facts(HlsPackage pkg, boolean hasAudio, Double duration, Double fps) {
        HlsRendition top = pkg.top();
        long audio = pkg.renditions().stream()
                .filter(HlsRendition::isAudio)
                .mapToLong(HlsRendition::averageBitsPerSecond)
                .sum();
        return new ProbedFacts(
                Kind.VIDEO,
                OutputFormat.HLS.mimeType(),
                "hls",
                "h264",
                hasAudio,
                top.width(),
                top.height(),
                duration != null ? duration : top.seconds(),
                fps,
                top.averageBitsPerSecond() + audio,
                pkg.bytes(),
                top.width() >= top.height() ? (top.width().equals(top.height()) ? "square" : "landscape") : "portrait",
                null,
                null,
                null,
                null);
    }

    /** The renditions as the source's {@code renditions} show them. */
    static List<Map<String, Object>> describe(HlsPackage pkg) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (HlsRendition r : pkg.renditions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("kind", r.isAudio() ? "audio" : "video");
            if (!r.isAudio()) {
                m.put("width", r.width());
                m.put("height", r.height());
            }
            m.put("codec", r.codec());
            m.put("bandwidth", r.peakBitsPerSecond());
            m.put("average_bandwidth", r.averageBitsPerSecond());
            m.put("segments", r.segments());
            m.put("playlist", r.playlist());
            out.add(m);
        }
        return out;
    }
}
