package dev.smidgen.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of one local port that, once armed, cuts the first connection
 * whose request stream passes {@code cutAfter} bytes: both sockets are closed mid-body, as when a
 * phone loses its network. Every other connection and byte is passed through untouched.
 */
final class CuttingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final long cutAfter;
    private final AtomicBoolean armed = new AtomicBoolean(true);
    private final AtomicInteger cuts = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();

    CuttingProxy(int targetPort, long cutAfter) {
        this.targetPort = targetPort;
        this.cutAfter = cutAfter;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Sockets.daemon("cutting-proxy", this::accept);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** How many connections were cut (at most one). */
    int cuts() {
        return cuts.get();
    }

    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                Sockets.daemon("cutting-proxy-up", () -> pump(client, upstream, true));
                Sockets.daemon("cutting-proxy-down", () -> pump(upstream, client, false));
            } catch (IOException e) {
                // closed, or the target refused: the client sees its connection end
            }
        }
    }

    /**
     * Copies one direction. The request direction counts its bytes and may cut the connection; its
     * end half-closes the upstream socket. The end of the response direction ends both.
     */
    private void pump(Socket from, Socket to, boolean request) {
        byte[] buffer = new byte[16 * 1024];
        long passed = 0;
        boolean cut = false;
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (request && passed + n > cutAfter && armed.compareAndSet(true, false)) {
                    out.write(buffer, 0, (int) (cutAfter - passed));
                    out.flush();
                    cuts.incrementAndGet();
                    cut = true;
                    break;
                }
                out.write(buffer, 0, n);
                out.flush();
                passed += n;
            }
            if (request && !cut) {
                to.shutdownOutput();
                return;
            }
        } catch (IOException e) {
            // one side went away: end both
        }
        Sockets.closeQuietly(from);
        Sockets.closeQuietly(to);
    }

    @Override
    public void close() {
        Sockets.closeQuietly(server);
    }
}
