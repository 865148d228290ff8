package dev.smidgen.api.delivery;

import dev.smidgen.catalog.files.FileStatus;
import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What a delivery URL names, read in one indexed SELECT on an autocommit connection: the project's
 * privacy and signing key together with the live, ready file at the path (or, failing that, the
 * detached file stored under the key). A player seeking through a video sends a range request
 * every few hundred kilobytes, and an ORM transaction with a look-up per row cost more than sending
 * the megabyte itself. Nothing is cached: a file moved, replaced or deleted, or a project made
 * private, must stop being served at once, by every replica.
 */
@ApplicationScoped
class DeliveryLookup {
    /**
     * The path look-up matches the {@code files_path} index (project, coalesce(folder, ''),
     * filename); the detached one {@code files_storage_key}. {@code LIMIT 1} over {@code UNION ALL}
     * runs the second only when the first finds nothing.
     */
    private static final String SQL = """
            SELECT p.private, p.signing_key, f.storage_key, f.filesize, f.checksum, f.mime_type
              FROM projects p
              LEFT JOIN LATERAL (
                    (SELECT storage_key, filesize, checksum, mime_type FROM files
                      WHERE project_id = p.id AND coalesce(folder, '') = ? AND filename = ? AND deleted IS NULL AND status = ?)
                    UNION ALL
                    (SELECT storage_key, filesize, checksum, mime_type FROM files
                      WHERE storage_key = ? AND filename IS NULL AND deleted IS NULL AND status = ?)
                    LIMIT 1) f ON true
             WHERE p.id = ?
            """;

    /** A package's file by its prefix ({@code files_package_prefix}), beside its project's delivery settings. */
    private static final String PACKAGE_SQL = """
            SELECT p.private, p.signing_key, f.checksum
              FROM projects p
              LEFT JOIN files f ON f.project_id = p.id AND f.package_prefix = ? AND f.deleted IS NULL AND f.status = ?
             WHERE p.id = ?
            """;

    @Inject
    AgroalDataSource dataSource;

    /**
     * A project's delivery settings and, if the package at {@code prefix} is live and ready, its checksum
     * (the master playlist's, which names every other object). Empty when there is no such project.
     */
    record PackageTarget(boolean privateDelivery, String signingKey, Optional<String> checksum) {}

    Optional<PackageTarget> findPackage(String projectId, String prefix) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(PACKAGE_SQL)) {
            query.setString(1, prefix);
            query.setString(2, FileStatus.READY);
            query.setString(3, projectId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(
                        new PackageTarget(row.getBoolean(1), row.getString(2), Optional.ofNullable(row.getString(3))));
            }
        } catch (SQLException e) {
            throw SmidgenException.transientFailure(ErrorCode.UNAVAILABLE, null, e);
        }
    }

    /** A project's delivery settings and the file at the key, if there is one it may serve. */
    record Target(boolean privateDelivery, String signingKey, Optional<StoredFile> file) {}

    /** The facts of a published file that delivery needs; none of them change once it is ready. */
    record StoredFile(String storageKey, long size, String checksum, String mimeType) {}

    /**
     * {@code key} is the whole URL path after {@code /cdn/}; {@code folder} null at the project's
     * root. Empty when there is no such project.
     */
    Optional<Target> find(String projectId, String folder, String filename, String key) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(SQL)) {
            query.setString(1, folder == null ? "" : folder);
            query.setString(2, filename);
            query.setString(3, FileStatus.READY);
            query.setString(4, key);
            query.setString(5, FileStatus.READY);
            query.setString(6, projectId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                String storageKey = row.getString(3);
                Optional<StoredFile> file = storageKey == null
                        ? Optional.empty()
                        : Optional.of(new StoredFile(storageKey, row.getLong(4), row.getString(5), row.getString(6)));
                return Optional.of(new Target(row.getBoolean(1), row.getString(2), file));
            }
        } catch (SQLException e) {
            throw SmidgenException.transientFailure(ErrorCode.UNAVAILABLE, null, e);
        }
    }
}
