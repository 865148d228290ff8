package dev.smidgen.api.http;

import dev.smidgen.catalog.listing.ListRequest;
import dev.smidgen.catalog.listing.SortKey;
import dev.smidgen.model.Kind;
import dev.smidgen.model.Metadata;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.StoragePaths;
import dev.smidgen.web.http.PageRequest;
import jakarta.ws.rs.core.MultivaluedMap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query of a media or file list: {@code page}, {@code limit}, {@code sort}, {@code order},
 * {@code kind}, {@code folder} and any number of {@code metadata.KEY=value}. Every bad value is a
 * 400 naming the parameter; nothing is clamped.
 */
public record ListParams(PageRequest page, ListRequest request, String echoQuery) {
    private static final String METADATA_PREFIX = "metadata.";
    private static final int MAX_METADATA_FILTERS = 16;

    public static ListParams from(MultivaluedMap<String, String> query) {
        PageRequest page = PageRequest.parse(query.getFirst("page"), query.getFirst("limit"));
        SortKey sort = SortKey.fromWire(query.getFirst("sort"));
        String order = query.getFirst("order");
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw SmidgenException.invalid("order", "order must be asc or desc.");
        }
        String kind = query.getFirst("kind") == null
                ? null
                : Kind.fromWire(query.getFirst("kind")).wire();
        String folder = StoragePaths.folder(query.getFirst("folder"));
        Map<String, String> metadata = new LinkedHashMap<>();
        List<String> echo = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            if (!e.getKey().startsWith(METADATA_PREFIX)) {
                continue;
            }
            String key = e.getKey().substring(METADATA_PREFIX.length());
            String value = e.getValue().isEmpty() ? "" : e.getValue().get(0);
            if (key.isEmpty() || key.length() > Metadata.MAX_KEY_LENGTH || value.length() > Metadata.MAX_VALUE_LENGTH) {
                throw SmidgenException.invalid(
                        e.getKey(),
                        "metadata filters need a key of 1 to " + Metadata.MAX_KEY_LENGTH
                                + " characters and a value of at most " + Metadata.MAX_VALUE_LENGTH + ".");
            }
            metadata.put(key, value);
            echo.add(encode(e.getKey()) + "=" + encode(value));
        }
        if (metadata.size() > MAX_METADATA_FILTERS) {
            throw SmidgenException.invalid(
                    "metadata", "at most " + MAX_METADATA_FILTERS + " metadata filters are allowed.");
        }
        List<String> echoed = new ArrayList<>();
        for (String name : List.of("sort", "order", "kind", "folder")) {
            if (query.getFirst(name) != null) {
                echoed.add(name + "=" + encode(query.getFirst(name)));
            }
        }
        echoed.addAll(echo);
        ListRequest request =
                new ListRequest(kind, folder, metadata, sort, "asc".equals(order), page.offset(), page.limit());
        return new ListParams(page, request, String.join("&", echoed));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
