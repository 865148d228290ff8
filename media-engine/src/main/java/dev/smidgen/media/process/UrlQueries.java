package dev.smidgen.media.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The query strings of the http(s) URLs among a command's arguments. FFmpeg only ever gets presigned
 * store URLs, whose query string is a credential (signature, key id, expiry): it must reach no log, so
 * the runner takes it out of the command line it renders and of FFmpeg's stderr, which repeats the input.
 */
final class UrlQueries {
    static final String REDACTED = "<redacted>";

    private final List<String> queries;

    private UrlQueries(List<String> queries) {
        this.queries = queries;
    }

    static UrlQueries in(List<String> command) {
        List<String> queries = new ArrayList<>();
        for (String argument : command) {
            int question = argument.indexOf('?');
            if (isHttpUrl(argument) && question >= 0 && question < argument.length() - 1) {
                queries.add(argument.substring(question + 1));
            }
        }
        return new UrlQueries(queries);
    }

    /** The command with each URL's query string replaced. */
    List<String> redact(List<String> command) {
        return queries.isEmpty() ? command : command.stream().map(this::redact).toList();
    }

    /** {@code text} with every occurrence of a query string replaced. */
    String redact(String text) {
        String redacted = text;
        for (String query : queries) {
            redacted = redacted.replace(query, REDACTED);
        }
        return redacted;
    }

    private static boolean isHttpUrl(String argument) {
        String lower = argument.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }
}
