package dev.smidgen.media.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Wraps a command so it dies with this JVM, however the JVM dies. A SIGKILLed worker runs no shutdown
 * hook, and FFmpeg, reparented to PID 1, would go on converting for as long as its input lasts.
 * Linux's {@code PR_SET_PDEATHSIG} is out of reach from Java and macOS has no equivalent, so the
 * portable signal is a pipe: a POSIX shell starts the command with stdin from {@code /dev/null} and
 * watches its own stdin, a pipe whose only writer is this JVM. The kernel closes that pipe when the
 * JVM exits, the watcher's read returns end-of-file and it kills the command at once.
 *
 * <p>The JVM must therefore keep the process's stdin open while the command runs, and close it to
 * make the watcher kill the command. The command inherits stdout and stderr; the watcher does not,
 * so the output pipes end exactly when the command does.
 */
final class ParentWatch {
    static final Path SHELL = Path.of("/bin/sh");

    // fd 3 keeps the JVM's pipe for the watcher; the command gets neither it nor the pipe as stdin.
    // An asynchronous list's stdin is /dev/null in a non-interactive shell, hence the explicit <&3.
    private static final String SCRIPT = String.join(
            "\n",
            "exec 3<&0 </dev/null",
            "\"$@\" 3<&- &",
            "child=$!",
            "{ while read -r _ <&3; do :; done; kill -KILL \"$child\"; } >/dev/null 2>&1 &",
            "watch=$!",
            "exec 3<&-",
            "wait \"$child\"",
            "status=$?",
            "kill \"$watch\" 2>/dev/null",
            "exit \"$status\"");

    /** The name the shell runs the script under ({@code $0}), so the wrapper is easy to spot in ps. */
    static final String SCRIPT_NAME = "smidgen-parent-watch";

    private ParentWatch() {}

    /** Whether commands can be wrapped here: any system with a POSIX shell at {@code /bin/sh}. */
    static boolean available() {
        return Files.isExecutable(SHELL);
    }

    /** {@code command} run under the watcher; unchanged where there is no {@code /bin/sh}. */
    static List<String> wrap(List<String> command) {
        if (!available()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(command.size() + 4);
        wrapped.addAll(List.of(SHELL.toString(), "-c", SCRIPT, SCRIPT_NAME));
        wrapped.addAll(command);
        return wrapped;
    }
}
