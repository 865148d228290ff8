package dev.smidgen.web.http;

import dev.smidgen.model.SmidgenException;

/** {@code page} (from 1) and {@code limit} (1–100, default 12) of a list request; bad values are 400s. */
public record PageRequest(int page, int limit) {
    public static final int DEFAULT_LIMIT = 12;
    public static final int MAX_LIMIT = 100;

    public static PageRequest parse(String page, String limit) {
        int p = parseInt("page", page, 1);
        int l = parseInt("limit", limit, DEFAULT_LIMIT);
        if (p < 1) {
            throw SmidgenException.invalid("page", "page must be 1 or more.");
        }
        if (l < 1 || l > MAX_LIMIT) {
            throw SmidgenException.invalid("limit", "limit must be between 1 and " + MAX_LIMIT + ".");
        }
        return new PageRequest(p, l);
    }

    public int offset() {
        return (page - 1) * limit;
    }

    /** The query string of another page, keeping the caller's other parameters. */
    String queryFor(int otherPage, String otherParams) {
        String base = "?page=" + otherPage + "&limit=" + limit;
        return otherParams == null || otherParams.isEmpty() ? base : base + "&" + otherParams;
    }

    private static int parseInt(String field, String value, int fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw SmidgenException.invalid(field, field + " must be a whole number.");
        }
    }
}
