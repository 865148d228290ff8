package dev.smidgen.media.transcode.segment;

import dev.smidgen.media.transcode.hls.HlsArgs;
import dev.smidgen.media.transcode.hls.HlsRung;
import dev.smidgen.media.transcode.hls.HlsSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The playlists of a split HLS package: for each rung, one VOD media playlist listing every range's
 * segments in order, each range's run under its own init segment ({@code EXT-X-MAP}; the ranges' init
 * segments carry the same parameter sets, but FFmpeg writes each with its own edit list). Nothing is
 * re-encoded or re-timed: the segments' timestamps already continue across ranges.
 */
final class HlsJoin {
    private static final Pattern MAP = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\"");
    private static final Pattern EXTINF = Pattern.compile("#EXTINF:([0-9.]+),?");

    private HlsJoin() {}

    /** One media segment of a range's playlist: its duration line's seconds and its file. */
    record Entry(String map, double seconds, String uri) {}

    /** Reads a range's media playlist for one rung: every segment with the init segment it follows. */
    static List<Entry> read(String playlist) throws IOException {
        List<Entry> entries = new ArrayList<>();
        String map = null;
        Double pending = null;
        for (String raw : playlist.split("\n")) {
            String line = raw.trim();
            Matcher m = MAP.matcher(line);
            Matcher inf = EXTINF.matcher(line);
            if (m.find()) {
                map = m.group(1);
            } else if (inf.find()) {
                pending = Double.parseDouble(inf.group(1));
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                if (pending == null || map == null || line.contains("/") || line.contains("..")) {
                    throw new IOException("unexpected media playlist line: " + line);
                }
                entries.add(new Entry(map, pending, line));
                pending = null;
            }
        }
        if (entries.isEmpty()) {
            throw new IOException("a range's media playlist has no segments");
        }
        return entries;
    }

    /** The joined media playlist of one rung. */
    static String playlist(List<Entry> entries) {
        double longest = entries.stream().mapToDouble(Entry::seconds).max().orElse(1);
        StringBuilder out = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n");
        // Each EXTINF rounded to the nearest second must not exceed the target duration.
        out.append("#EXT-X-TARGETDURATION:")
                .append(Math.max(1, Math.round(longest)))
                .append('\n');
        out.append("#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        String map = null;
        for (Entry entry : entries) {
            if (!entry.map().equals(map)) {
                map = entry.map();
                out.append("#EXT-X-MAP:URI=\"").append(map).append("\"\n");
            }
            out.append(String.format(Locale.ROOT, "#EXTINF:%.6f,", entry.seconds()))
                    .append('\n');
            out.append(entry.uri()).append('\n');
        }
        return out.append("#EXT-X-ENDLIST\n").toString();
    }

    /**
     * Moves every range's rung files and the audio rendition into {@code packageDirectory}, writes each
     * rung's {@link HlsSpec#MEDIA_PLAYLIST} and leaves FFmpeg's master of the first range as
     * {@link HlsArgs#FFMPEG_MASTER} for the codec strings; the ranges' own playlists are not moved.
     */
    static void assemble(List<Path> rangeDirectories, Path audioDirectory, HlsSpec spec, Path packageDirectory)
            throws IOException {
        for (HlsRung rung : spec.rungs()) {
            Path target = Files.createDirectories(packageDirectory.resolve(rung.name()));
            List<Entry> all = new ArrayList<>();
            for (int i = 0; i < rangeDirectories.size(); i++) {
                Path from = rangeDirectories.get(i).resolve(rung.name());
                String prefix = HlsSegmentArgs.prefix(i);
                List<Entry> entries = read(Files.readString(from.resolve(prefix + ".m3u8"), StandardCharsets.UTF_8));
                String map = null;
                for (Entry entry : entries) {
                    if (!entry.map().startsWith(prefix) || !entry.uri().startsWith(prefix)) {
                        throw new IOException("range " + i + " of " + rung.name() + " names another range's file");
                    }
                    if (!entry.map().equals(map)) {
                        map = entry.map();
                        move(from.resolve(map), target.resolve(map));
                    }
                    move(from.resolve(entry.uri()), target.resolve(entry.uri()));
                }
                all.addAll(entries);
            }
            Files.writeString(target.resolve(HlsSpec.MEDIA_PLAYLIST), playlist(all), StandardCharsets.UTF_8);
        }
        Path firstMaster = rangeDirectories.get(0).resolve(HlsSegmentArgs.prefix(0) + "_master.m3u8");
        Files.copy(firstMaster, packageDirectory.resolve(HlsArgs.FFMPEG_MASTER), StandardCopyOption.REPLACE_EXISTING);
        if (audioDirectory != null) {
            Path from = audioDirectory.resolve(HlsSpec.AUDIO);
            Path target = Files.createDirectories(packageDirectory.resolve(HlsSpec.AUDIO));
            try (var files = Files.list(from)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    move(file, target.resolve(file.getFileName().toString()));
                }
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
}
