package dev.smidgen.media.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressParserTests {

    /** Two blocks as ffmpeg 8 writes them with -progress pipe:1 while encoding a 10 s clip. */
    private static final String OUTPUT = """
            frame=60
            fps=0.00
            stream_0_0_q=29.0
            bitrate=N/A
            total_size=48
            out_time_us=2500000
            out_time_ms=2500000
            out_time=00:00:02.500000
            dup_frames=0
            drop_frames=0
            speed=4.98x
            progress=continue
            frame=250
            fps=99.50
            bitrate= 512.3kbits/s
            total_size=640000
            out_time_us=10000000
            out_time_ms=10000000
            out_time=00:00:10.000000
            speed=5.01x
            progress=end
            """;

    @Test
    void reportsEachBlockWithItsFraction() {
        List<Progress> reports = parse(OUTPUT, 10.0);
        assertEquals(2, reports.size());
        Progress first = reports.get(0);
        assertEquals(2.5, first.outTimeSeconds());
        assertEquals(0.25, first.fraction());
        assertEquals(60, first.frame());
        assertEquals(4.98, first.speed());
        assertFalse(first.done());
        Progress last = reports.get(1);
        assertEquals(1.0, last.fraction());
        assertEquals(250, last.frame());
        assertTrue(last.done());
    }

    @Test
    void unknownDurationGivesNoFractionUntilTheEnd() {
        List<Progress> reports = parse(OUTPUT, null);
        assertNull(reports.get(0).fraction());
        assertEquals(1.0, reports.get(1).fraction());
    }

    @Test
    void fractionIsClampedAndNotAvailableValuesAreTolerated() {
        String early = """
                frame=0
                out_time_us=N/A
                out_time_ms=N/A
                out_time=-577014:32:22.775808
                speed=N/A
                progress=continue
                out_time_us=12000000
                progress=continue
                """;
        List<Progress> reports = parse(early, 10.0);
        assertEquals(0.0, reports.get(0).outTimeSeconds());
        assertEquals(0.0, reports.get(0).fraction());
        assertNull(reports.get(0).speed());
        assertEquals(1.0, reports.get(1).fraction());
        assertEquals(-1, reports.get(1).frame(), "each block is reported on its own");
    }

    @Test
    void mediaTimeNeverGoesBack() {
        // As the bundled ffmpeg 8 wrote it near the end of a VP9 + Opus encode: one block without a time.
        String output = """
                frame=524
                out_time_us=20960000
                out_time=00:00:20.960000
                progress=continue
                frame=726
                out_time_us=N/A
                out_time_ms=N/A
                out_time=N/A
                speed=N/A
                progress=continue
                frame=750
                out_time_us=30000000
                progress=end
                """;
        List<Progress> reports = parse(output, 30.0);
        assertEquals(20.96, reports.get(1).outTimeSeconds());
        assertEquals(reports.get(0).fraction(), reports.get(1).fraction());
        assertEquals(726, reports.get(1).frame());
        assertEquals(1.0, reports.get(2).fraction());
    }

    @Test
    void fallsBackToTheClockField() {
        List<Progress> reports = parse("out_time=00:01:02.500000\nprogress=continue\n", 125.0);
        assertEquals(62.5, reports.get(0).outTimeSeconds());
        assertEquals(0.5, reports.get(0).fraction());
    }

    private static List<Progress> parse(String output, Double expected) {
        List<Progress> reports = new ArrayList<>();
        ProgressParser parser = new ProgressParser(expected, reports::add);
        output.lines().forEach(parser::line);
        return reports;
    }
}
