package dev.smidgen.devstack;

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

    private Ports() {
    }

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

    /** True when nothing listens on {@code port} (checked by binding it on the loopback and wildcard addresses). */
    public static boolean isFree(int port) {
        return canBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                && canBind(new InetSocketAddress(port));
    }

    /** Fails with a readable message when a fixed port is already taken (instead of a confusing error deep inside a server). */
    public static void requireFree(int port, String what) {
        if (!isFree(port)) {
            throw new IllegalStateException("port " + port + " for " + what + " is already in use"
                    + " (another stack still running? try ./smidgen down, or pick another port)");
        }
    }

    private static boolean canBind(InetSocketAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
