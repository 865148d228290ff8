package dev.smidgen.api.signatures;

import java.util.Locale;
import java.util.Optional;

/** What a signed URL allows: reading the file ({@code get}) or writing it ({@code put}). */
public enum SignedMethod {
    GET,
    PUT;

    /** The lowercase name used in request bodies, query strings and the signed text. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The method for a wire name; empty for anything else, including other cases. */
    public static Optional<SignedMethod> fromWire(String value) {
        for (SignedMethod m : values()) {
            if (m.wire().equals(value)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
