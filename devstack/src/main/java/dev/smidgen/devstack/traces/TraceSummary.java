package dev.smidgen.devstack.traces;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trace as text: one line per span, indented under its parent, with its start relative to the
 * trace's first span, its duration and its service; a span whose parent was not received (yet)
 * shows at the top level, marked.
 */
public final class TraceSummary {
    private static final List<String> SHOWN_ATTRIBUTES =
            List.of("smidgen.task.id", "http.response.status_code", "process.exit.code", "smidgen.store.key");

    private TraceSummary() {}

    public static String render(List<CollectedSpan> trace) {
        List<CollectedSpan> sorted = new ArrayList<>(trace);
        sorted.sort(Comparator.comparingLong(CollectedSpan::startNanos));
        long origin = sorted.get(0).startNanos();
        long last = sorted.stream().mapToLong(CollectedSpan::endNanos).max().orElse(origin);
        Set<String> ids = new HashSet<>();
        Map<String, List<CollectedSpan>> children = new LinkedHashMap<>();
        Set<String> services = new HashSet<>();
        for (CollectedSpan span : sorted) {
            ids.add(span.spanId());
            services.add(span.service());
            children.computeIfAbsent(span.parentSpanId(), k -> new ArrayList<>())
                    .add(span);
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "trace %s: %d spans, %d services, %d ms%n",
                sorted.get(0).traceId(), sorted.size(), services.size(), (last - origin) / 1_000_000));
        for (CollectedSpan span : sorted) {
            boolean orphan = !span.isRoot() && !ids.contains(span.parentSpanId());
            if (span.isRoot() || orphan) {
                line(out, span, 0, origin, orphan, children);
            }
        }
        return out.toString();
    }

    private static void line(
            StringBuilder out,
            CollectedSpan span,
            int depth,
            long origin,
            boolean orphan,
            Map<String, List<CollectedSpan>> children) {
        StringBuilder details = new StringBuilder();
        for (String key : SHOWN_ATTRIBUTES) {
            String value = span.attributes().get(key);
            if (value != null) {
                details.append(' ')
                        .append(key.substring(key.lastIndexOf('.') + 1))
                        .append('=')
                        .append(value);
            }
        }
        out.append(String.format(
                "%+8d ms %7d ms  %-22s %s%s%s%s%s%n",
                (span.startNanos() - origin) / 1_000_000,
                span.durationMillis(),
                span.service(),
                "  ".repeat(depth),
                span.name(),
                span.error() ? "  [error]" : "",
                orphan ? "  [parent not received]" : "",
                details));
        for (CollectedSpan child : children.getOrDefault(span.spanId(), List.of())) {
            line(out, child, depth + 1, origin, false, children);
        }
    }
}
