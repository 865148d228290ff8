package dev.smidgen.media.transcode.hls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures each rendition of a package FFmpeg wrote and writes the master playlist players start from.
 * FFmpeg's own master lacks {@code FRAME-RATE}, names the audio group after its stream index and counts
 * bandwidth per stream; this one advertises, per video rung, the peak and average bit rate of the rung
 * together with the audio (what a player actually downloads), the codecs of both, the resolution and
 * the frame rate, with the audio as one AAC rendition group every rung points at. Codec strings
 * (profile and level) are taken from FFmpeg's master, which read them from the encoders.
 */
public final class MasterPlaylist {
    private static final Pattern CODECS = Pattern.compile("CODECS=\"([^\"]+)\"");
    private static final Pattern EXTINF = Pattern.compile("#EXTINF:([0-9.]+)");
    private static final Pattern MAP = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\"");
    private static final String AUDIO_CODEC = "mp4a.40.2";

    private MasterPlaylist() {}

    /** Measures the renditions of {@code spec} in {@code directory}, largest rung first, audio last. */
    public static List<HlsRendition> measure(Path directory, HlsSpec spec) throws IOException {
        Map<String, String> codecs = ffmpegCodecs(directory.resolve(HlsArgs.FFMPEG_MASTER));
        List<HlsRendition> renditions = new ArrayList<>();
        for (HlsRung rung : spec.rungs()) {
            String codec = codecs.getOrDefault(rung.name(), "");
            String video = List.of(codec.split(",")).stream()
                    .filter(c -> c.startsWith("avc1."))
                    .findFirst()
                    .orElseThrow(
                            () -> new IOException("FFmpeg's master playlist names no H.264 codec for " + rung.name()));
            renditions.add(rendition(directory, rung.name(), rung.width(), rung.height(), video));
        }
        if (spec.hasAudio()) {
            renditions.add(rendition(directory, HlsSpec.AUDIO, null, null, AUDIO_CODEC));
        }
        return renditions;
    }

    /** The master playlist's text for measured renditions. */
    static String text(List<HlsRendition> renditions, Double frameRate) {
        HlsRendition audio =
                renditions.stream().filter(HlsRendition::isAudio).findFirst().orElse(null);
        StringBuilder out = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        if (audio != null) {
            out.append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"audio\",DEFAULT=YES,AUTOSELECT=YES,")
                    .append("CHANNELS=\"2\",URI=\"")
                    .append(audio.playlist())
                    .append("\"\n");
        }
        for (HlsRendition r : renditions) {
            if (r.isAudio()) {
                continue;
            }
            long peak = r.peakBitsPerSecond() + (audio == null ? 0 : audio.peakBitsPerSecond());
            long average = r.averageBitsPerSecond() + (audio == null ? 0 : audio.averageBitsPerSecond());
            out.append("#EXT-X-STREAM-INF:BANDWIDTH=")
                    .append(peak)
                    .append(",AVERAGE-BANDWIDTH=")
                    .append(average)
                    .append(",CODECS=\"")
                    .append(r.codec())
                    .append(audio == null ? "" : "," + audio.codec())
                    .append("\",RESOLUTION=")
                    .append(r.width())
                    .append('x')
                    .append(r.height());
            if (frameRate != null && frameRate > 0) {
                out.append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", frameRate));
            }
            if (audio != null) {
                out.append(",AUDIO=\"audio\"");
            }
            out.append('\n').append(r.playlist()).append('\n');
        }
        return out.toString();
    }

    /** Writes the master playlist into {@code directory} and removes FFmpeg's. */
    public static void write(Path directory, List<HlsRendition> renditions, Double frameRate) throws IOException {
        Files.writeString(directory.resolve(HlsSpec.MASTER), text(renditions, frameRate), StandardCharsets.UTF_8);
        Files.deleteIfExists(directory.resolve(HlsArgs.FFMPEG_MASTER));
    }

    /** Rendition name → the CODECS attribute FFmpeg wrote for the variant whose playlist is in it. */
    static Map<String, String> ffmpegCodecs(Path ffmpegMaster) throws IOException {
        Map<String, String> byName = new HashMap<>();
        List<String> lines = Files.readAllLines(ffmpegMaster, StandardCharsets.UTF_8);
        for (int i = 0; i + 1 < lines.size(); i++) {
            Matcher codecs = CODECS.matcher(lines.get(i));
            if (lines.get(i).startsWith("#EXT-X-STREAM-INF:") && codecs.find()) {
                String uri = lines.get(i + 1).trim();
                int slash = uri.indexOf('/');
                if (slash > 0) {
                    byName.put(uri.substring(0, slash), codecs.group(1));
                }
            }
        }
        return byName;
    }

    private static HlsRendition rendition(Path directory, String name, Integer width, Integer height, String codec)
            throws IOException {
        Path dir = directory.resolve(name);
        Path playlist = dir.resolve(HlsSpec.MEDIA_PLAYLIST);
        List<String> lines = Files.readAllLines(playlist, StandardCharsets.UTF_8);
        long bytes = Files.size(playlist);
        List<double[]> segments = new ArrayList<>(); // {seconds, bytes}
        Double pending = null;
        for (String raw : lines) {
            String line = raw.trim();
            Matcher map = MAP.matcher(line);
            Matcher inf = EXTINF.matcher(line);
            if (map.find()) {
                bytes += Files.size(dir.resolve(map.group(1)));
            } else if (inf.find()) {
                pending = Double.parseDouble(inf.group(1));
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                if (pending == null) {
                    throw new IOException(playlist + " names " + line + " without a duration");
                }
                long size = Files.size(dir.resolve(line));
                bytes += size;
                segments.add(new double[] {pending, size});
                pending = null;
            }
        }
        if (segments.isEmpty()) {
            throw new IOException(playlist + " has no segments");
        }
        double seconds = 0;
        double segmentBytes = 0;
        double peak = 0;
        double peakAll = 0;
        for (double[] s : segments) {
            seconds += s[0];
            segmentBytes += s[1];
            double rate = s[0] > 0 ? s[1] * 8 / s[0] : 0;
            peakAll = Math.max(peakAll, rate);
            if (s[0] >= HlsSpec.SEGMENT_SECONDS / 2.0) {
                peak = Math.max(peak, rate);
            }
        }
        long average = seconds > 0 ? Math.round(segmentBytes * 8 / seconds) : 0;
        long peakRate = Math.round(peak > 0 ? peak : peakAll);
        return new HlsRendition(
                name, width, height, codec, Math.max(peakRate, average), average, segments.size(), seconds, bytes);
    }
}
