package dev.smidgen.ingest.fetch;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Picks the name a source offers for itself, without guessing beyond what it says. */
final class SuggestedFilename {
    private static final Pattern DISPOSITION =
            Pattern.compile("(?i)(?:^|;)\\s*filename\\s*=\\s*(?:\"([^\"]*)\"|([^;\\s]+))");

    private SuggestedFilename() {}

    static String of(String contentDisposition, URI finalUrl) {
        if (contentDisposition != null) {
            Matcher m = DISPOSITION.matcher(contentDisposition);
            if (m.find()) {
                String name = lastSegment(m.group(1) != null ? m.group(1) : m.group(2));
                if (name != null) {
                    return name;
                }
            }
        }
        return finalUrl.getPath() == null ? null : lastSegment(finalUrl.getPath());
    }

    // A name is only ever the last segment: "../../etc/passwd" offers "passwd", never a path.
    private static String lastSegment(String path) {
        String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1)
                .strip();
        return name.isEmpty() || name.equals(".") || name.equals("..") ? null : name;
    }
}
