package dev.smidgen.upload.storage;

import dev.smidgen.upload.storage.ChunkStore.ClientPart;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Compares the parts a client lists when it completes a chunked upload with the chunks stored. */
final class PartListCheck {
    private PartListCheck() {}

    /** A stored chunk: its index, hex MD5 etag and size. */
    record Stored(int index, String etag, long size) {}

    /** Every problem with the list, as short phrases; empty when the list describes a whole file. */
    static List<String> problems(List<ClientPart> listed, List<Stored> stored, long minChunk) {
        List<String> problems = new ArrayList<>();
        if (listed.isEmpty()) {
            problems.add("no parts were listed");
            return problems;
        }
        Map<Integer, Stored> byIndex = new TreeMap<>();
        stored.forEach(s -> byIndex.put(s.index(), s));
        Set<Integer> seen = new HashSet<>();
        int last = -1;
        for (ClientPart part : listed) {
            last = Math.max(last, part.index());
            if (!seen.add(part.index())) {
                problems.add("part " + part.index() + " is listed twice");
                continue;
            }
            Stored chunk = byIndex.get(part.index());
            if (chunk == null) {
                problems.add("part " + part.index() + " was never received");
            } else if (!normalise(part.etag()).equals(chunk.etag())) {
                problems.add("part " + part.index() + " has etag " + part.etag() + " but the chunk received has "
                        + chunk.etag());
            }
        }
        for (int i = 0; i < last; i++) {
            if (!seen.contains(i)) {
                problems.add("part " + i + " is missing from the list");
            }
        }
        for (Stored chunk : byIndex.values()) {
            if (chunk.index() > last) {
                problems.add("chunk " + chunk.index() + " was received but is not listed");
            } else if (chunk.index() < last && chunk.size() < minChunk && seen.contains(chunk.index())) {
                problems.add("part " + chunk.index() + " is " + chunk.size()
                        + " bytes; every part but the last needs at least " + minChunk);
            }
        }
        return problems;
    }

    private static String normalise(String etag) {
        return etag == null ? "" : etag.replace("\"", "").trim().toLowerCase(Locale.ROOT);
    }
}
