package dev.smidgen.api.auth;

import dev.smidgen.catalog.projects.ApiKeyEntity;
import dev.smidgen.catalog.projects.ApiKeyRepository;
import dev.smidgen.catalog.projects.ProjectEntity;
import dev.smidgen.catalog.projects.ProjectRepository;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.IdPrefix;
import dev.smidgen.model.Ids;
import dev.smidgen.model.SmidgenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/** Issues API keys and turns a bearer token into its project. Only hashes are stored. */
@ApplicationScoped
public class ApiKeys {
    static final String SECRET_PREFIX = "smdg_";
    private static final int SECRET_LENGTH = 40;

    @Inject
    ApiKeyRepository keys;

    @Inject
    ProjectRepository projects;

    /** A new key for a project; the returned secret is shown once and never stored. */
    @Transactional
    public IssuedKey issue(String projectId) {
        String secret = SECRET_PREFIX + Ids.random(SECRET_LENGTH);
        ApiKeyEntity key = new ApiKeyEntity();
        key.id = Ids.newId(IdPrefix.KEY);
        key.projectId = projectId;
        key.keyHash = hash(secret);
        key.hint = secret.substring(secret.length() - 4);
        key.created = Instant.now();
        keys.persist(key);
        return new IssuedKey(key, secret);
    }

    /** The project of a valid {@code Authorization: Bearer} header, else 401. */
    public ProjectEntity authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new SmidgenException(ErrorCode.UNAUTHORIZED, "Send your API key as 'Authorization: Bearer <key>'.");
        }
        String secret = authorization.substring(7).trim();
        if (!secret.startsWith(SECRET_PREFIX) || secret.length() != SECRET_PREFIX.length() + SECRET_LENGTH) {
            throw new SmidgenException(ErrorCode.UNAUTHORIZED, "The API key is not valid.");
        }
        return keys.findActiveByHash(hash(secret))
                .map(k -> projects.findById(k.projectId))
                .orElseThrow(() -> new SmidgenException(ErrorCode.UNAUTHORIZED, "The API key is not valid."));
    }

    static String hash(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stored key together with its one-time secret. */
    public record IssuedKey(ApiKeyEntity key, String secret) {}
}
