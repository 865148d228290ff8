package dev.smidgen.media.transcode.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smidgen.media.MediaInput;
import dev.smidgen.media.probe.Ffprobe;
import dev.smidgen.media.process.FfmpegRunner;
import dev.smidgen.media.transcode.TranscodeResources;
import dev.smidgen.media.transcode.TranscodeSpec;
import dev.smidgen.media.transcode.Transcoder;
import dev.smidgen.media.transcode.hls.HlsLadder;
import dev.smidgen.media.transcode.hls.HlsPackager;
import dev.smidgen.media.transcode.hls.HlsSpec;
import dev.smidgen.model.convert.OutputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * What splitting costs on one thread: a 1080p input converted to 720p mp4 unsplit, and split into ranges
 * encoded one after the other plus the audio and the join, alternately, three times each. Reports the
 * medians of wall-clock time and of the FFmpeg processes' CPU time (this JVM's reaped children, from
 * /proc, which a busy machine disturbs less than wall time). Run on demand:
 * {@code ./mvnw -B -o verify -pl media-engine -Dtest=SegmentOverheadBench -Dsmidgen.bench=true}.
 */
@Tag("slow")
@EnabledIfSystemProperty(named = "smidgen.bench", matches = "true")
class SegmentOverheadBench {
    private static final Duration TIMEOUT = Duration.ofMinutes(20);
    private static final int SECONDS = Integer.getInteger("smidgen.bench.seconds", 30);
    private static final double TARGET = Double.parseDouble(System.getProperty("smidgen.bench.target", "8"));
    private static final int ROUNDS = 3;
    /** Clock ticks per second of /proc/self/stat (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;

    @TempDir
    Path dir;

    private final FfmpegRunner runner = FfmpegRunner.shared();

    @Test
    void splitAndJoinAgainstUnsplitOnOneThread() throws IOException {
        Path source = source("1920x1080");
        MediaInput input = MediaInput.file(source);
        double duration = Ffprobe.probe(input, "bench").duration();
        TranscodeSpec spec = new TranscodeSpec(OutputFormat.MP4, 1280, 720, 0.5, null, true);
        double[][] unsplit = new double[ROUNDS][];
        double[][] split = new double[ROUNDS][];
        int ranges = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Path work = Files.createDirectories(dir.resolve("round-" + round));
            Path whole = work.resolve("whole.mp4");
            unsplit[round] = measure(() -> new Transcoder(runner, new TranscodeResources(1, 0))
                    .run(input, whole, work, spec, duration, TIMEOUT, null, "bench"));
            Path joined = work.resolve("joined.mp4");
            int[] count = new int[1];
            split[round] = measure(() -> count[0] = split(input, spec, duration, work, joined));
            ranges = count[0];
            assertEquals(
                    SplitMedia.frames(whole).size(), SplitMedia.frames(joined).size(), "frames");
        }
        report("1080p -> 720p mp4", ranges, unsplit, split);
    }

    @Test
    void splitHlsAgainstUnsplitOnOneThread() throws IOException {
        Path source = source("1280x720");
        MediaInput input = MediaInput.file(source);
        double duration = Ffprobe.probe(input, "bench").duration();
        HlsSpec spec = new HlsSpec(HlsLadder.of(1280, 720, 0.5), 128, true, 25.0);
        double[][] unsplit = new double[ROUNDS][];
        double[][] split = new double[ROUNDS][];
        int[] ranges = new int[1];
        for (int round = 0; round < ROUNDS; round++) {
            Path work = Files.createDirectories(dir.resolve("hls-" + round));
            Path whole = Files.createDirectories(work.resolve("whole"));
            unsplit[round] = measure(() -> new HlsPackager(runner, new TranscodeResources(1, 0))
                    .run(input, whole, spec, duration, TIMEOUT, null, "bench"));
            Path joined = Files.createDirectories(work.resolve("joined"));
            split[round] = measure(() -> {
                List<SegmentRange> plan = new SegmentPlanner(runner).plan(input, duration, TARGET, TIMEOUT, "bench");
                ranges[0] = plan.size();
                List<Path> parts = new ArrayList<>();
                for (SegmentRange range : plan) {
                    Path part = work.resolve("range-" + range.index());
                    try {
                        Files.createDirectories(part);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    new SegmentEncoder(runner, 0).encodeHls(input, range, spec, 1, part, TIMEOUT, null, "bench");
                    parts.add(part);
                }
                Path audio = work.resolve("audio");
                try {
                    Files.createDirectories(audio);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                new AudioTrackEncoder(runner, 0).encodeHls(input, spec, duration, 1, audio, TIMEOUT, null, "bench");
                new SegmentJoiner(runner).joinHls(parts, Optional.of(audio), spec, joined, "bench");
            });
        }
        report("HLS " + spec.rungs().size() + " rungs from 720p", ranges[0], unsplit, split);
    }

    /** {@value #SECONDS} s of testsrc2 at {@code size}, 25 fps, a keyframe every 2 s, with a tone. */
    private Path source(String size) {
        return SplitMedia.withTone(
                dir,
                "source-" + size,
                "testsrc2=size=" + size + ":rate=25:duration=" + SECONDS,
                SECONDS,
                List.of("-g", "50"));
    }

    private static void report(String what, int ranges, double[][] unsplit, double[][] split) throws IOException {
        double[] a = medians(unsplit);
        double[] b = medians(split);
        System.out.printf(
                "segment overhead: %d s %s, 1 thread, %d ranges of ~%.0f s; medians of %d:%n"
                        + "  unsplit wall %.1f s cpu %.1f s | split+join wall %.1f s cpu %.1f s | wall %+.1f %%, cpu %+.1f %%%n"
                        + "  load average now: %s%n",
                SECONDS,
                what,
                ranges,
                TARGET,
                ROUNDS,
                a[0],
                a[1],
                b[0],
                b[1],
                100 * (b[0] / a[0] - 1),
                100 * (b[1] / a[1] - 1),
                Files.readString(Path.of("/proc/loadavg")).strip());
    }

    private int split(MediaInput input, TranscodeSpec spec, double duration, Path work, Path joined) {
        List<SegmentRange> ranges = new SegmentPlanner(runner).plan(input, spec, duration, TARGET, TIMEOUT, "bench");
        SegmentEncoder encoder = new SegmentEncoder(runner, 0);
        List<Path> segments = new ArrayList<>();
        for (SegmentRange range : ranges) {
            Path segment = work.resolve("s" + range.index() + ".ts");
            encoder.encode(input, range, spec, 1, segment, TIMEOUT, null, "bench");
            segments.add(segment);
        }
        Optional<Path> audio = new AudioTrackEncoder(runner, 0)
                .encode(input, spec, duration, 1, work.resolve("a.mka"), TIMEOUT, null, "bench")
                .map(r -> r.output());
        new SegmentJoiner(runner).joinProgressive(segments, audio, spec, joined, TIMEOUT, "bench");
        return ranges.size();
    }

    /** {wall seconds, children's CPU seconds} of {@code work}. */
    private static double[] measure(Runnable work) throws IOException {
        double cpuBefore = childrenCpu();
        long started = System.nanoTime();
        work.run();
        return new double[] {(System.nanoTime() - started) / 1e9, childrenCpu() - cpuBefore};
    }

    /** cutime + cstime of /proc/self/stat: CPU time of this JVM's children that have been waited for. */
    private static double childrenCpu() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state); cutime and cstime are fields 16 and 17
        return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / TICKS;
    }

    private static double[] medians(double[][] runs) {
        double[] wall = Arrays.stream(runs).mapToDouble(r -> r[0]).sorted().toArray();
        double[] cpu = Arrays.stream(runs).mapToDouble(r -> r[1]).sorted().toArray();
        return new double[] {wall[wall.length / 2], cpu[cpu.length / 2]};
    }
}
