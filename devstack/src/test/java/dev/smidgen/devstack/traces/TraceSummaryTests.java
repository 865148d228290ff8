package dev.smidgen.devstack.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary `./smidgen trace` prints, and the decoder's refusal of what is not an OTLP request. */
class TraceSummaryTests {
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final long MS = 1_000_000;

    @Test
    void spansNestUnderTheirParentsWithStartsRelativeToTheTrace() {
        List<CollectedSpan> spans = List.of(
                span("bbbb", "aaaa", "smidgen-ingest-worker", "process ingest", 40, 400),
                span("aaaa", "", "smidgen-api", "POST /tasks", 0, 50),
                span("cccc", "bbbb", "smidgen-ingest-worker", "ffprobe", 60, 90),
                span("dddd", "ffff", "smidgen-api", "webhook delivery", 420, 430));
        String summary = TraceSummary.render(spans);
        List<String> lines = summary.lines().toList();
        assertEquals("trace " + TRACE + ": 4 spans, 2 services, 430 ms", lines.get(0));
        assertTrue(lines.get(1).matches("\\s+\\+0 ms\\s+50 ms\\s+smidgen-api\\s+POST /tasks"), lines.get(1));
        assertTrue(
                lines.get(2).matches("\\s+\\+40 ms\\s+360 ms\\s+smidgen-ingest-worker\\s+ {2}process ingest"),
                lines.get(2));
        assertTrue(lines.get(3).matches("\\s+\\+60 ms\\s+30 ms\\s+smidgen-ingest-worker\\s+ {4}ffprobe"), lines.get(3));
        assertTrue(lines.get(4).endsWith("webhook delivery  [parent not received]"), lines.get(4));
    }

    @Test
    void aTruncatedOrForeignBodyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> OtlpTraces.decode(new byte[] {0x0a, 0x7f, 0x01}));
        assertThrows(IllegalArgumentException.class, () -> OtlpTraces.decode("{\"resourceSpans\":[]}".getBytes()));
        assertEquals(List.of(), OtlpTraces.decode(new byte[0]));
    }

    private static CollectedSpan span(String id, String parent, String service, String name, long startMs, long endMs) {
        return new CollectedSpan(
                TRACE,
                id,
                parent,
                service,
                name,
                1,
                1_000 * MS + startMs * MS,
                1_000 * MS + endMs * MS,
                Map.of(),
                false);
    }
}
