package dev.smidgen.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code KEY=VALUE} files such as {@code .smidgen/env}: shell-sourceable, written atomically. */
public final class EnvFile {

    private EnvFile() {}

    /** The entries of {@code file}; empty when it does not exist. */
    public static Map<String, String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return new LinkedHashMap<>();
        }
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Parses {@code KEY=VALUE} lines; blank lines, {@code #} comments and a leading {@code export} are tolerated. */
    public static Map<String, String> parse(String text) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            String trimmed = line.trim();
            int eq = trimmed.indexOf('=');
            if (trimmed.isEmpty() || trimmed.startsWith("#") || eq <= 0) {
                continue;
            }
            String key = trimmed.substring(0, eq).trim();
            if (key.startsWith("export ")) {
                key = key.substring("export ".length()).trim();
            }
            entries.put(key, unquote(trimmed.substring(eq + 1).trim()));
        }
        return entries;
    }

    /** Writes {@code entries} (values must not contain newlines) after a comment header; replaces the file atomically. */
    public static void write(Path file, String header, Map<String, String> entries) {
        StringBuilder text = new StringBuilder();
        header.lines().forEach(line -> text.append("# ").append(line).append('\n'));
        entries.forEach((key, value) -> {
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("value of " + key + " contains a line break");
            }
            text.append(key).append('=').append(value).append('\n');
        });
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(
                    file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String unquote(String value) {
        if (value.length() >= 2
                && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
