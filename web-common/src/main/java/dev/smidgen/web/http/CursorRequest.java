package dev.smidgen.web.http;

import dev.smidgen.model.SmidgenException;

/**
 * The cursor paging of the jobs generation: {@code limit} 1–100 (default 20), at most one of
 * {@code after} / {@code before} (an id), {@code order} {@code asc} or {@code desc} (default desc).
 * Out-of-range values are a 400, not a silent clamp.
 */
public record CursorRequest(int limit, String after, String before, boolean ascending) {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public static CursorRequest parse(String limit, String after, String before, String order) {
        int n = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                n = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                throw SmidgenException.invalid("limit", "limit must be a whole number from 1 to " + MAX_LIMIT + ".");
            }
            if (n < 1 || n > MAX_LIMIT) {
                throw SmidgenException.invalid("limit", "limit must be a whole number from 1 to " + MAX_LIMIT + ".");
            }
        }
        if (after != null && before != null) {
            throw SmidgenException.invalid("before", "Give after or before, not both.");
        }
        if (after != null && after.isBlank() || before != null && before.isBlank()) {
            throw SmidgenException.invalid(after != null ? "after" : "before", "A cursor must be an id.");
        }
        boolean asc;
        if (order == null || order.equals("desc")) {
            asc = false;
        } else if (order.equals("asc")) {
            asc = true;
        } else {
            throw SmidgenException.invalid("order", "order must be asc or desc.");
        }
        return new CursorRequest(n, after, before, asc);
    }

    /** The query of the page after the item {@code id}, in this order. */
    String queryAfter(String id) {
        return "?limit=" + limit + "&order=" + (ascending ? "asc" : "desc") + "&after=" + id;
    }

    /** The query of the page before the item {@code id}, in this order. */
    String queryBefore(String id) {
        return "?limit=" + limit + "&order=" + (ascending ? "asc" : "desc") + "&before=" + id;
    }
}
