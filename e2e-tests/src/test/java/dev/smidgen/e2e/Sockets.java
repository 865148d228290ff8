package dev.smidgen.e2e;

import java.io.Closeable;
import java.io.IOException;

/** What the tests' TCP relays and proxies share: their threads, and closing what may be closed already. */
final class Sockets {
    private Sockets() {}

    /** Starts {@code task} on a daemon thread, so a relay never keeps the test JVM alive. */
    static Thread daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    static void closeQuietly(Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
