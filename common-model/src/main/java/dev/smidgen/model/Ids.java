package dev.smidgen.model;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Public ids: {@code prefix_} followed by random {@code [a-z0-9]} characters. */
public final class Ids {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ID_LENGTH = 12;
    private static final int REQUEST_ID_LENGTH = 16;
    private static final Pattern BODY = Pattern.compile("[a-z0-9]{12}");

    private Ids() {
    }

    public static String newId(IdPrefix prefix) {
        return prefix.prefix() + "_" + random(prefix == IdPrefix.REQUEST ? REQUEST_ID_LENGTH : ID_LENGTH);
    }

    /** {@code n} random characters of the id alphabet, also used for secrets. */
    public static String random(int n) {
        char[] out = new char[n];
        for (int i = 0; i < n; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    /** Whether {@code id} is well formed for {@code prefix}; cheap rejection before any lookup. */
    public static boolean isValid(IdPrefix prefix, String id) {
        if (id == null || !id.startsWith(prefix.prefix() + "_")) {
            return false;
        }
        return BODY.matcher(id.substring(prefix.prefix().length() + 1)).matches();
    }

    /**
     * The canonical task id for client input: {@code tsk_} is accepted as an alias of {@code task_}.
     */
    public static String canonicalTaskId(String id) {
        if (id != null && id.startsWith("tsk_")) {
            return "task_" + id.substring(4);
        }
        return id;
    }
}
