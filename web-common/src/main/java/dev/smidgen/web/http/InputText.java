package dev.smidgen.web.http;

import dev.smidgen.model.SmidgenException;
import java.util.List;
import java.util.Map;

/**
 * The one rule for every piece of text a client sends (JSON strings and keys, query parameters,
 * path ids, multipart file names): no NUL character (U+0000) and no unpaired surrogate. PostgreSQL
 * cannot store either in text, and no name, title or key needs them, so they are refused with a
 * 400 {@code invalid_request} naming the field, never stripped: a client learns its text is not
 * what will be stored.
 */
public final class InputText {

    private InputText() {}

    /** Whether {@code text} follows the rule (null does: absence is judged elsewhere). */
    public static boolean isClean(String text) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return false;
            }
            if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** {@code text}, or a 400 naming {@code field} when it breaks the rule. */
    public static String require(String field, String text) {
        if (!isClean(text)) {
            throw refused(field);
        }
        return text;
    }

    /**
     * Checks every string and key of a parsed JSON value. A bad value is named by its path
     * ({@code metadata.colour}, {@code conditions[0]}); a bad key by the object holding it, since the
     * key itself is what cannot be echoed.
     */
    public static void requireTree(String field, Object value) {
        if (value instanceof String s) {
            require(field, s);
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                if (!isClean(key)) {
                    throw SmidgenException.invalid(
                            field,
                            (field == null ? "The body" : field)
                                    + " has a key with a NUL character or an unpaired surrogate.");
                }
                requireTree(field == null ? key : field + "." + key, entry.getValue());
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                requireTree((field == null ? "" : field) + "[" + i + "]", list.get(i));
            }
        }
    }

    private static SmidgenException refused(String field) {
        return SmidgenException.invalid(
                field, field + " must not contain NUL characters (U+0000) or unpaired surrogates.");
    }
}
