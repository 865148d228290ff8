package dev.smidgen.upload.tus;

import dev.smidgen.model.SmidgenException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The tus {@code Upload-Metadata} header: comma-separated {@code key base64value} pairs (the value
 * may be absent). Keys are unique, non-empty and contain neither spaces nor commas; values are
 * standard base64 of UTF-8 text. A hostile header is refused whole with a 400 rather than half read.
 */
public record UploadMetadata(Map<String, String> values) {
    /** Longer headers are refused unread: a few names and types never need this much. */
    static final int MAX_HEADER_LENGTH = 8 * 1024;

    static final int MAX_PAIRS = 32;
    private static final int MAX_FILENAME_LENGTH = 255;
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x2B\\x2D-\\x7E]{1,128}"); // visible ASCII, no comma
    private static final Pattern MIME_TYPE =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");
    private static final String FIELD = TusHeaders.UPLOAD_METADATA;

    public static final UploadMetadata NONE = new UploadMetadata(Map.of());

    public UploadMetadata {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static UploadMetadata parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        if (header.length() > MAX_HEADER_LENGTH) {
            throw SmidgenException.invalid(FIELD, FIELD + " is longer than " + MAX_HEADER_LENGTH + " characters.");
        }
        String[] pairs = header.split(",", -1);
        if (pairs.length > MAX_PAIRS) {
            throw SmidgenException.invalid(FIELD, FIELD + " has more than " + MAX_PAIRS + " pairs.");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String raw : pairs) {
            String pair = raw.strip();
            if (pair.isEmpty()) {
                throw SmidgenException.invalid(
                        FIELD, FIELD + " has an empty pair; pairs are 'key base64value' separated by commas.");
            }
            String[] parts = pair.split(" ", -1);
            if (parts.length > 2) {
                throw SmidgenException.invalid(
                        FIELD, FIELD + " pair '" + TusHeaders.shorten(pair) + "' has more than a key and a value.");
            }
            String key = parts[0];
            if (!KEY.matcher(key).matches()) {
                throw SmidgenException.invalid(
                        FIELD,
                        FIELD + " key '" + TusHeaders.shorten(key)
                                + "' is not a key (visible ASCII, no spaces or commas).");
            }
            if (values.containsKey(key)) {
                throw SmidgenException.invalid(FIELD, FIELD + " names '" + key + "' twice.");
            }
            values.put(key, parts.length == 2 ? decode(key, parts[1]) : "");
        }
        return new UploadMetadata(values);
    }

    /** The client's file name, only when it is usable as one: no path, control characters or excess length. */
    public String filename() {
        String name = values.get("filename");
        if (name == null) {
            name = values.get("name"); // Uppy sends both; older clients only "name"
        }
        if (name == null || name.isBlank() || name.length() > MAX_FILENAME_LENGTH) {
            return null;
        }
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        String base = name.substring(slash + 1).strip();
        if (base.isEmpty()
                || base.equals(".")
                || base.equals("..")
                || base.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            return null;
        }
        return base;
    }

    /** The client's MIME type for the file when it looks like one ({@code filetype}, or Uppy's {@code type}). */
    public String filetype() {
        String type = values.getOrDefault("filetype", values.get("type"));
        return type != null && MIME_TYPE.matcher(type).matches() ? type : null;
    }

    private static String decode(String key, String value) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw SmidgenException.invalid(FIELD, FIELD + " value of '" + key + "' is not base64.");
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw SmidgenException.invalid(FIELD, FIELD + " value of '" + key + "' is not UTF-8 text.");
        }
    }
}
