package dev.smidgen.devstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The end of a log as a person wants to see it when a start fails: the last lines that say something. Left
 * out are the stack frames under each exception (its "Caused by" lines stay) and the health report a Quarkus
 * service logs on every readiness poll; an entry logged again and again (the same error every few seconds)
 * is shown once, where it last occurred, with its count. The full log stays on disk for everything else.
 */
final class LogExcerpt {

    /** How many lines a start failure shows. */
    static final int LINES = 30;
    /** Enough of the log's end to find {@link #LINES} telling lines among minutes of repeated noise. */
    private static final int READ_BYTES = 1 << 20;

    private static final Pattern STACK_FRAME = Pattern.compile("^\\s+(at |\\.\\.\\. \\d+ more)");
    /** Lines that belong to the entry above them: indented continuations and an exception's causes. */
    private static final Pattern CONTINUATION = Pattern.compile("^(\\s|Caused by:|Suppressed:)");

    private static final Pattern DIGITS = Pattern.compile("\\d+");
    /** SmallRye Health's "Reporting health down status" line, logged for every poll that finds a check DOWN. */
    private static final String HEALTH_REPORT = "SRHCK01001";

    private LogExcerpt() {}

    /** The last {@code lines} telling lines of {@code text}. */
    static List<String> of(String text, int lines) {
        // Entries keyed by their text with numbers (times, thread numbers, ids) blanked out; re-inserting an
        // entry moves it to where it last occurred.
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<String> current = new ArrayList<>();
        for (String line : (Iterable<String>) text.lines()::iterator) {
            if (line.isBlank() || STACK_FRAME.matcher(line).find() || line.contains(HEALTH_REPORT)) {
                continue;
            }
            if (!CONTINUATION.matcher(line).find() && !current.isEmpty()) {
                add(entries, current);
                current = new ArrayList<>();
            }
            current.add(line);
        }
        if (!current.isEmpty()) {
            add(entries, current);
        }
        List<String> telling = new ArrayList<>();
        entries.values().forEach(entry -> telling.addAll(entry.lines()));
        return telling.subList(Math.max(0, telling.size() - lines), telling.size());
    }

    private static void add(Map<String, Entry> entries, List<String> lines) {
        String key = DIGITS.matcher(String.join("\n", lines)).replaceAll("#");
        Entry previous = entries.remove(key);
        entries.put(key, new Entry(lines, previous == null ? 1 : previous.count() + 1));
    }

    /** One log entry (a line and its continuations), as last logged, and how often it was logged. */
    private record Entry(List<String> lastLines, int count) {
        List<String> lines() {
            if (count == 1) {
                return lastLines;
            }
            List<String> lines = new ArrayList<>(lastLines);
            lines.add("    [logged " + count + " times, shown once]");
            return lines;
        }
    }

    /** The last {@code lines} telling lines written to {@code file} from byte {@code from} on (one run's part of the log). */
    static List<String> of(Path file, long from, int lines) {
        return of(readEnd(file, from, READ_BYTES), lines);
    }

    /**
     * Up to the last {@code maxBytes} of {@code file} from byte {@code from} on, starting at a line boundary;
     * empty when the file cannot be read (a failure report must not fail itself).
     */
    static String readEnd(Path file, long from, int maxBytes) {
        try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "r")) {
            long length = log.length();
            long start = Math.max(from, length - maxBytes);
            byte[] bytes = new byte[(int) Math.max(0, length - start)];
            log.seek(start);
            log.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            return start > from && text.indexOf('\n') >= 0 ? text.substring(text.indexOf('\n') + 1) : text;
        } catch (IOException e) {
            return "";
        }
    }
}
