package dev.smidgen.media.testing;

import dev.smidgen.media.process.FfmpegInvocation;
import dev.smidgen.media.process.FfmpegRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an HLS package the way a player would, with FFmpeg's own HLS demuxer: a media playlist as a
 * local path or an http(s) URL (a delivery URL, signed or not). Shared by the packager's unit tests and
 * the end-to-end tests of delivery.
 */
public final class HlsProof {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern EXTINF = Pattern.compile("#EXTINF:([0-9.]+)");

    private HlsProof() {}

    /** What the demuxer read of one rendition. */
    public record Read(int packets, double lastPts, List<Double> keyframes) {}

    /**
     * Demuxes {@code playlist} end to end (every segment is fetched and parsed) and lists its packets'
     * presentation times, the keyframes' separately. Fails when FFmpeg reports any error.
     */
    public static Read read(String playlist) {
        List<String> args = new ArrayList<>(List.of("-v", "error", "-hide_banner"));
        args.addAll(List.of(
                "-protocol_whitelist",
                "file,http,https,tcp,tls,crypto",
                "-allowed_extensions",
                "ALL",
                "-show_entries",
                "packet=pts_time,flags",
                "-of",
                "csv=p=0",
                playlist));
        String out = FfmpegRunner.shared()
                .run(FfmpegInvocation.ffprobe(args).withTimeout(TIMEOUT).withStdoutLimit(64 << 20), "hls-proof")
                .stdoutText();
        int packets = 0;
        double last = 0;
        List<Double> keyframes = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] parts = line.trim().split(",");
            if (parts.length < 2 || parts[0].isEmpty() || parts[0].equals("N/A")) {
                continue;
            }
            double pts = Double.parseDouble(parts[0]);
            packets++;
            last = Math.max(last, pts);
            if (parts[1].contains("K")) {
                keyframes.add(pts);
            }
        }
        return new Read(packets, last, keyframes);
    }

    /** Decodes {@code playlist} completely to nothing; throws when FFmpeg meets an error on the way. */
    public static void decode(String playlist) {
        FfmpegRunner.shared()
                .run(
                        FfmpegInvocation.ffmpeg(List.of(
                                        "-nostdin",
                                        "-v",
                                        "error",
                                        "-xerror",
                                        "-protocol_whitelist",
                                        "file,http,https,tcp,tls,crypto",
                                        "-i",
                                        playlist,
                                        "-map",
                                        "0",
                                        "-f",
                                        "null",
                                        "-"))
                                .withTimeout(TIMEOUT),
                        "hls-proof");
    }

    /** The {@code #EXTINF} durations of a media playlist's text, in order. */
    public static List<Double> segmentSeconds(String mediaPlaylist) {
        List<Double> seconds = new ArrayList<>();
        Matcher m = EXTINF.matcher(mediaPlaylist);
        while (m.find()) {
            seconds.add(Double.parseDouble(m.group(1)));
        }
        return seconds;
    }

    /** The URIs of a playlist's text: its non-comment lines and the {@code URI="…"} attributes of its tags. */
    public static List<String> uris(String playlist) {
        List<String> uris = new ArrayList<>();
        Matcher attr = Pattern.compile("URI=\"([^\"]+)\"").matcher(playlist);
        while (attr.find()) {
            uris.add(attr.group(1));
        }
        for (String line : playlist.split("\n")) {
            String l = line.trim();
            if (!l.isEmpty() && !l.startsWith("#")) {
                uris.add(l);
            }
        }
        return uris;
    }

    /** A number with three decimals, for messages. */
    public static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
