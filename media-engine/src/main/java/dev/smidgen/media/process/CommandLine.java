package dev.smidgen.media.process;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Renders an argument list as a POSIX shell command line, so a logged command can be pasted and re-run. */
public final class CommandLine {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private CommandLine() {}

    /** The arguments joined by spaces, each single-quoted when the shell would otherwise change it. */
    public static String render(List<String> command) {
        return command.stream().map(CommandLine::quote).collect(Collectors.joining(" "));
    }

    static String quote(String argument) {
        if (!argument.isEmpty() && SAFE.matcher(argument).matches()) {
            return argument;
        }
        return "'" + argument.replace("'", "'\\''") + "'";
    }
}
