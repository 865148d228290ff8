package dev.smidgen.api.http.idempotency;

import dev.smidgen.model.SmidgenException;
import java.util.List;
import java.util.Optional;

/** A client's {@code Idempotency-Key} header value: 16–64 printable ASCII characters. */
public record IdempotencyKey(String value) {
    public static final String HEADER = "Idempotency-Key";
    static final int MIN_LENGTH = 16;
    static final int MAX_LENGTH = 64;

    public IdempotencyKey {
        if (value == null || value.length() < MIN_LENGTH || value.length() > MAX_LENGTH) {
            throw SmidgenException.invalid(
                    HEADER, HEADER + " must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long.");
        }
        if (!value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw SmidgenException.invalid(HEADER, HEADER + " may only contain printable ASCII characters.");
        }
    }

    /**
     * The key of a request from all its {@code Idempotency-Key} header values; empty when the
     * header is absent. Several values are refused rather than joined: which one the client meant
     * is anybody's guess.
     */
    public static Optional<IdempotencyKey> fromHeaders(List<String> values) {
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw SmidgenException.invalid(HEADER, "Send one " + HEADER + " header, not " + values.size() + ".");
        }
        return Optional.of(new IdempotencyKey(values.get(0)));
    }
}
