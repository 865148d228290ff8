package dev.smidgen.model;

import java.util.regex.Pattern;

/** The rule for a media alias: a short URL-safe name that cannot be mistaken for an id. */
public final class Alias {
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern LOOKS_LIKE_ID = Pattern.compile("[a-z]+_[a-z0-9]{12}");

    private Alias() {}

    /** The alias if valid (null stays null); 400 naming the field {@code alias} otherwise. */
    public static String check(String alias) {
        if (alias != null
                && (!ALIAS.matcher(alias).matches()
                        || LOOKS_LIKE_ID.matcher(alias).matches())) {
            throw SmidgenException.invalid(
                    "alias", "alias must be 1 to 64 letters, digits, '_' or '-', and must not look like an id.");
        }
        return alias;
    }
}
