package dev.smidgen.devstack;

import dev.smidgen.devstack.Preflight.LocalPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Free-port picking and port availability checks. */
public final class Ports {

    /** Ports already handed out by this JVM, so two picks in a row never collide before the first is bound. */
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private Ports() {}

    /** Returns {@code port} unchanged unless it is 0, in which case a currently free loopback port is picked. */
    public static int resolve(int port) {
        return port == 0 ? pickFree() : port;
    }

    /** A free TCP port on the loopback interface, never one this JVM handed out before. */
    public static synchronized int pickFree() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot pick a free port", e);
            }
        }
        throw new IllegalStateException("no free port found after 50 attempts");
    }

    /** True when nothing listens on {@code port}; the check is {@link Preflight#isFree}, so both agree. */
    public static boolean isFree(int port) {
        return Preflight.isFree(port);
    }

    /**
     * Fails with the preflight's wording when a fixed port is taken (instead of a confusing error deep inside
     * a server): the preflight ran before the build, and something may have taken the port since.
     */
    public static void requireFree(int port, LocalPort role) {
        if (!isFree(port)) {
            throw new IllegalStateException(Preflight.inUse(port, role));
        }
    }
}
