package dev.smidgen.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Java agent loaded into every child JVM so that it dies with the JVM that launched it, even when that
 * parent is killed with SIGKILL and its shutdown hooks never run.
 *
 * <p>Two independent signals: the end of stdin (the parent holds the write end of the pipe; the kernel closes
 * it when the parent dies, so EOF arrives at once) and a poll of the parent pid (covers children whose stdin
 * is not a pipe). Either one makes the child exit normally, so Kafka/Quarkus still run their own shutdown;
 * a halt follows if that takes too long.
 *
 * <p>Must stay self-contained (no other devstack classes, no inner classes): {@link AgentJar} packs just this
 * class file into the agent jar. Agent argument: {@code <parent pid>[:stdin]}.
 */
public final class ParentWatchAgent implements Runnable {

    private static final long POLL_MILLIS = 500;
    private static final long HALT_AFTER_MILLIS = 15_000;

    private final long parentPid;
    private final boolean watchStdin;

    private ParentWatchAgent(long parentPid, boolean watchStdin) {
        this.parentPid = parentPid;
        this.watchStdin = watchStdin;
    }

    /** Agent entry point: {@code -javaagent:parent-watch.jar=<pid>[:stdin]}. */
    public static void premain(String agentArgs) {
        if (agentArgs == null || agentArgs.isBlank()) {
            return;
        }
        String[] parts = agentArgs.split(":");
        long pid = Long.parseLong(parts[0].trim());
        boolean stdin = parts.length > 1 && "stdin".equals(parts[1].trim());
        daemon(new ParentWatchAgent(pid, false), "parent-watch-pid").start();
        if (stdin) {
            daemon(new ParentWatchAgent(pid, true), "parent-watch-stdin").start();
        }
    }

    @Override
    public void run() {
        if (watchStdin) {
            if (awaitStdinEof()) {
                // The parent announced a deliberate stop; its SIGTERM (which closes our stdin too) does the rest.
                return;
            }
            parentGone("stdin closed");
        } else {
            awaitParentExit();
            parentGone("process ended");
        }
    }

    /** Reads stdin to its end; returns true when the parent wrote something first (its "stopping you" notice). */
    private boolean awaitStdinEof() {
        boolean announced = false;
        byte[] buffer = new byte[256];
        try (InputStream in = System.in) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                announced |= read > 0;
            }
        } catch (IOException e) {
            // A broken pipe means the same thing as EOF.
        }
        return announced;
    }

    private void awaitParentExit() {
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        while (parent.isPresent() && parent.get().isAlive()) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void parentGone(String why) {
        System.err.println("[parent-watch] parent " + parentPid + " is gone (" + why + "); shutting down");
        System.err.flush();
        // Lambdas compile to methods of this class (no extra class file), which keeps the agent jar single-class.
        daemon(halter(), "parent-watch-halt").start();
        System.exit(0);
    }

    private static Runnable halter() {
        return () -> {
            try {
                Thread.sleep(HALT_AFTER_MILLIS);
            } catch (InterruptedException e) {
                // Fall through: halt anyway.
            }
            Runtime.getRuntime().halt(1);
        };
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
