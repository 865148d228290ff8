package dev.smidgen.model.net;

import java.util.Locale;
import java.util.regex.Pattern;

/** Recognises the IPv4 spellings that different parsers read differently. */
final class HostSyntax {
    // inet_aton (glibc, curl, browsers) reads 1-4 parts, each decimal, 0-prefixed octal or 0x-hex.
    private static final Pattern NUMERIC_PART = Pattern.compile("0x[0-9a-f]*|[0-9]+");
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
    private static final Pattern DOTTED_QUAD = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

    private HostSyntax() {}

    /** Whether some resolver would read {@code host} as an IPv4 address, e.g. {@code 2130706433} or {@code 0x7f.1}. */
    static boolean looksLikeIpv4(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        String[] parts = h.split("\\.", -1);
        if (parts.length > 4) {
            return false;
        }
        for (String part : parts) {
            if (!NUMERIC_PART.matcher(part).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code host} is a plain dotted quad, the one IPv4 spelling every parser agrees on. */
    static boolean isDottedQuad(String host) {
        return DOTTED_QUAD.matcher(host).matches();
    }

    /** Whether {@code host}, as {@link java.net.URI#getHost()} gives it, is a bracketed IPv6 literal. */
    static boolean isIpv6Literal(String host) {
        return host.startsWith("[") && host.endsWith("]");
    }
}
