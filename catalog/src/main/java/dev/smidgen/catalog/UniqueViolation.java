package dev.smidgen.catalog;

import java.sql.SQLException;

/** Recognises PostgreSQL unique-constraint violations by constraint name, wherever they are wrapped. */
public final class UniqueViolation {
    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueViolation() {}

    /** Whether {@code failure} was caused by a unique violation of {@code constraint}. */
    public static boolean of(Throwable failure, String constraint) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && UNIQUE_VIOLATION.equals(sql.getSQLState())
                    && sql.getMessage() != null
                    && sql.getMessage().contains("\"" + constraint + "\"")) {
                return true;
            }
        }
        return false;
    }
}
