package dev.smidgen.api.delivery;

import dev.smidgen.api.signatures.SignedMethod;
import dev.smidgen.api.signatures.UrlSigner;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The gate in front of a private project's files: the request must carry the {@code expiry},
 * {@code method} and {@code signature} of a URL from {@code POST /signatures}. Authenticity is
 * checked before anything else, so a forged or altered URL only ever learns "invalid"; "expired"
 * and "wrong method" are told only about URLs the project really signed.
 */
final class SignatureCheck {
    /** Unix seconds written the one way the signer writes them, so no second spelling verifies. */
    private static final Pattern UNIX_SECONDS = Pattern.compile("0|[1-9][0-9]{0,17}");

    private SignatureCheck() {}

    /**
     * Returns when the URL stops working if {@code query} holds a valid signature of {@code path}
     * (relative to the project) for {@code used} at {@code now}; otherwise throws the 403 that says why.
     */
    static Instant verify(
            String signingKey, String path, MultivaluedMap<String, String> query, SignedMethod used, Instant now) {
        String expiry = query.getFirst(UrlSigner.EXPIRY);
        String method = query.getFirst(UrlSigner.METHOD);
        String signature = query.getFirst(UrlSigner.SIGNATURE);
        if (isBlank(expiry) || isBlank(method) || isBlank(signature)) {
            throw new SmidgenException(ErrorCode.SIGNATURE_REQUIRED, null);
        }
        Optional<SignedMethod> signedFor = SignedMethod.fromWire(method);
        if (!UNIX_SECONDS.matcher(expiry).matches()
                || signedFor.isEmpty()
                || !new UrlSigner(signingKey).verify(path, Long.parseLong(expiry), signedFor.get(), signature)) {
            throw new SmidgenException(ErrorCode.SIGNATURE_INVALID, null);
        }
        Instant expires = Instant.ofEpochSecond(Long.parseLong(expiry));
        if (!now.isBefore(expires)) {
            throw new SmidgenException(ErrorCode.SIGNATURE_EXPIRED, null);
        }
        if (signedFor.get() != used) {
            throw new SmidgenException(
                    ErrorCode.SIGNATURE_METHOD_MISMATCH,
                    "This URL was signed for " + signedFor.get().wire() + ", not " + used.wire() + ".");
        }
        return expires;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
