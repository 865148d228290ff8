package dev.smidgen.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The curl tour of the README as shell scripts. A tour block is a {@code ```sh} fenced block right
 * after an HTML comment {@code <!-- tour -->} (every reader runs it) or {@code <!-- tour:VARIANT -->}
 * (one of the alternatives, such as ingesting a URL or uploading a file); the comments are invisible
 * on the rendered page.
 */
final class ReadmeTour {
    private static final Pattern MARKER = Pattern.compile("<!--\\s*tour(?::([a-z]+))?\\s*-->");

    /** One fenced block and the variant it belongs to (empty: every variant). */
    record Block(Optional<String> variant, String code) {}

    private final List<Block> blocks;

    private ReadmeTour(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** The tour of the repository's README. */
    static ReadmeTour ofReadme() {
        try {
            return parse(Files.readAllLines(TestStack.repoRoot().resolve("README.md")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ReadmeTour parse(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher marker = MARKER.matcher(lines.get(i).trim());
            if (!marker.matches()) {
                continue;
            }
            if (i + 1 >= lines.size() || !lines.get(i + 1).trim().equals("```sh")) {
                throw new IllegalStateException(
                        "README line " + (i + 1) + ": a tour marker must be followed by a ```sh block");
            }
            StringBuilder code = new StringBuilder();
            int end = i + 2;
            while (end < lines.size() && !lines.get(end).trim().equals("```")) {
                code.append(lines.get(end)).append('\n');
                end++;
            }
            if (end == lines.size()) {
                throw new IllegalStateException("README line " + (i + 2) + ": the tour block is never closed");
            }
            blocks.add(new Block(Optional.ofNullable(marker.group(1)), code.toString()));
            i = end;
        }
        return new ReadmeTour(blocks);
    }

    /** The variants the README offers, in the order they appear. */
    List<String> variants() {
        return blocks.stream().flatMap(b -> b.variant().stream()).distinct().toList();
    }

    /**
     * The tour as one script for {@code sh}: the shared blocks and those of {@code variant}, in README
     * order, after {@code set -eux} so that the first failing command fails the whole tour (and shows
     * what ran).
     */
    String script(String variant) {
        StringBuilder script = new StringBuilder("set -eux\n");
        blocks.stream()
                .filter(b -> b.variant().map(variant::equals).orElse(true))
                .forEach(b -> script.append(b.code()));
        return script.toString();
    }

    /** How many blocks every variant runs. */
    long sharedBlocks() {
        return blocks.stream().filter(b -> b.variant().isEmpty()).count();
    }
}
