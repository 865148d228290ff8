package dev.smidgen.catalog.listing;

import java.util.Map;

/**
 * One page of a media or file list: filters (all must match), sort and window. {@code metadata}
 * maps keys to the string the client sent; it matches a stored value whose string form is equal.
 */
public record ListRequest(
        String kind,
        String folder,
        Map<String, String> metadata,
        SortKey sort,
        boolean ascending,
        int offset,
        int limit) {}
