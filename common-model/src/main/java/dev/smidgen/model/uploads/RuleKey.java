package dev.smidgen.model.uploads;

import dev.smidgen.model.Kind;
import dev.smidgen.model.probe.ProbedFacts;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/** A fact an upload rule may test: the values it compares to, the operators that make sense, how it is read. */
enum RuleKey {
    KIND(
            "kind",
            f -> f.kind() == null ? null : f.kind().wire(),
            "The value of a kind rule must be one of video, audio, image."),
    MIMETYPE(
            "mimetype",
            ProbedFacts::mimeType,
            "The value of a mimetype rule must be a media type such as video/mp4, or video/* for any video type, without parameters."),
    FILESIZE(
            "filesize",
            ProbedFacts::filesize,
            "The value of a filesize rule must be a whole number of bytes, 0 or more."),
    WIDTH("width", ProbedFacts::width, "The value of a width rule must be a whole number of pixels, 0 or more."),
    HEIGHT("height", ProbedFacts::height, "The value of a height rule must be a whole number of pixels, 0 or more."),
    DURATION("duration", ProbedFacts::duration, "The value of a duration rule must be a number of seconds, 0 or more.");

    /** The keys in the order error messages list them. */
    static final String ALL = "kind, mimetype, filesize, width, height, duration";
    /** ittybit's docs spell mimetype both ways. */
    private static final String MIMETYPE_ALIAS = "type";
    // RFC 6838 restricted names; the subtype may be "*" for "any subtype of this type".
    private static final Pattern MEDIA_TYPE =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/([A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}|\\*)");
    private static final double TWO_TO_63 = 0x1p63;

    private final String wire;
    private final Function<ProbedFacts, Object> fact;
    private final String expectation;

    RuleKey(String wire, Function<ProbedFacts, Object> fact, String expectation) {
        this.wire = wire;
        this.fact = fact;
        this.expectation = expectation;
    }

    String wire() {
        return wire;
    }

    /** The key for a wire name or its alias; names are case-sensitive like every other API field. */
    static Optional<RuleKey> fromWire(Object name) {
        if (MIMETYPE_ALIAS.equals(name)) {
            return Optional.of(MIMETYPE);
        }
        for (RuleKey k : values()) {
            if (k.wire.equals(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** Whether values of this key have an order; text values can only be the same or not. */
    boolean isOrdered() {
        return this != KIND && this != MIMETYPE;
    }

    boolean allows(Comparison comparison) {
        return isOrdered() || comparison.isEquality();
    }

    /** The sentence naming the operators this key allows. */
    String operatorExpectation() {
        return isOrdered()
                ? "The operator of a " + wire + " rule must be one of " + Comparison.ALL + "."
                : "The operator of a " + wire + " rule must be == or !=.";
    }

    /** The sentence naming the values this key allows. */
    String valueExpectation() {
        return expectation;
    }

    /**
     * The stored form of a rule value: the string as given, a whole number as Long, a fraction as
     * Double; null when the value is not acceptable for this key.
     */
    Object canonical(Object raw) {
        return switch (this) {
            case KIND -> isKind(raw) ? raw : null;
            case MIMETYPE -> raw instanceof String s && MEDIA_TYPE.matcher(s).matches() ? s : null;
            case FILESIZE, WIDTH, HEIGHT -> number(raw) instanceof Long n && n >= 0 ? n : null;
            case DURATION -> {
                Number n = number(raw);
                yield n != null && n.doubleValue() >= 0 ? n : null;
            }
        };
    }

    /** Whether the file's fact compares to {@code expected} as asked; an unknown fact never does. */
    boolean holds(Comparison comparison, Object expected, ProbedFacts facts) {
        Object actual = fact.apply(facts);
        if (actual == null) {
            return false;
        }
        return switch (this) {
            case KIND -> comparison.test(((String) actual).equalsIgnoreCase((String) expected) ? 0 : 1);
            case MIMETYPE -> comparison.test(sameMediaType((String) actual, (String) expected) ? 0 : 1);
            case FILESIZE, WIDTH, HEIGHT, DURATION -> {
                Number a = (Number) actual;
                if (Double.isNaN(a.doubleValue())) {
                    yield false; // an unreadable duration is an unknown one
                }
                yield comparison.test(order(a, (Number) expected));
            }
        };
    }

    private static boolean isKind(Object raw) {
        for (Kind k : Kind.values()) {
            if (k.wire().equals(raw)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A finite JSON number as Long when it is whole and fits, else as Double; null for anything
     * else. JSON parsers hand numbers over as any of these types depending on their size and
     * settings, and 100.0 means the same as 100.
     */
    private static Number number(Object raw) {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        double value;
        if (raw instanceof BigInteger b) {
            if (b.bitLength() < Long.SIZE) {
                return b.longValue();
            }
            value = b.doubleValue();
        } else if (raw instanceof BigDecimal d) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException fractionOrTooLarge) {
                value = d.doubleValue();
            }
        } else if (raw instanceof Double || raw instanceof Float) {
            value = ((Number) raw).doubleValue();
        } else {
            return null;
        }
        if (!Double.isFinite(value)) {
            return null;
        }
        if (value == Math.rint(value) && value >= -TWO_TO_63 && value < TWO_TO_63) {
            return (long) value;
        }
        return value;
    }

    private static int order(Number actual, Number expected) {
        if (isIntegral(actual) && isIntegral(expected)) {
            return Long.compare(actual.longValue(), expected.longValue());
        }
        return Double.compare(actual.doubleValue(), expected.doubleValue());
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }

    /** Case-insensitive, ignoring parameters of the file's type ({@code video/mp4; codecs=...}). */
    private static boolean sameMediaType(String actual, String pattern) {
        int semicolon = actual.indexOf(';');
        String essence =
                (semicolon < 0 ? actual : actual.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        String wanted = pattern.toLowerCase(Locale.ROOT);
        if (wanted.endsWith("/*")) {
            String type = wanted.substring(0, wanted.length() - 1); // keeps the '/'
            return essence.startsWith(type) && essence.length() > type.length();
        }
        return essence.equals(wanted);
    }
}
