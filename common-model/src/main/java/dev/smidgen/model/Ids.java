package dev.smidgen.model;

import java.security.SecureRandom;

/** Public ids: {@code prefix_} followed by random {@code [a-z0-9]} characters. */
public final class Ids {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ID_LENGTH = 12;
    private static final int REQUEST_ID_LENGTH = 16;

    private Ids() {}

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

    /**
     * The canonical task id for client input: {@code tsk_} is accepted as an alias of {@code task_}.
     */
    public static String canonicalTaskId(String id) {
        if (id != null && id.startsWith("tsk_")) {
            return "task_" + id.substring(4);
        }
        return id;
    }

    /** The canonical file id for client input: {@code src_} (a source) is accepted as an alias of {@code file_}. */
    public static String canonicalFileId(String id) {
        if (id != null && id.startsWith("src_")) {
            return "file_" + id.substring(4);
        }
        return id;
    }
}
