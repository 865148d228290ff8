package dev.smidgen.catalog.storage;

/**
 * What a storage key may look like, checked by both stores so they accept the same keys: non-empty
 * '/'-separated segments, none of them {@code .} or {@code ..}, no backslash or control character,
 * and a first segment (the project) that does not start with a dot, which keeps the filesystem
 * store's own directories ({@code .partial}) out of every key's reach.
 */
public final class StorageKeys {
    /** Longer than any key Smidgen builds (project + 1024-character folder + 255-character filename + suffixes). */
    public static final int MAX_LENGTH = 1500;

    private static final java.util.regex.Pattern STAGE_NAME =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private StorageKeys() {}

    /** Returns the key, or throws {@link IllegalArgumentException} naming what is wrong. */
    public static String check(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("A storage key must be 1 to " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw new IllegalArgumentException(
                        "A storage key must not contain control characters or '\\': " + printable(key));
            }
        }
        String[] segments = key.split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("Not a storage key (empty, '.' or '..' segment): " + printable(key));
            }
        }
        if (segments[0].startsWith(".")) {
            throw new IllegalArgumentException("A storage key must not start with '.': " + printable(key));
        }
        return key;
    }

    /** A prefix for {@link BlobStore#keys}: the start of a key, so the same rules with an open end. */
    public static String checkPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("A key prefix must not be empty");
        }
        return prefix.endsWith("/") ? check(prefix.substring(0, prefix.length() - 1)) + "/" : check(prefix);
    }

    /** A name for {@link BlobStore#stage}: one file name, never a path, the same rule in both stores. */
    public static String checkStageName(String name) {
        if (name == null || !STAGE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "A staging name uses letters, digits, '.', '_' and '-' (at most 200): " + name);
        }
        return name;
    }

    private static String printable(String key) {
        StringBuilder out = new StringBuilder();
        key.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
