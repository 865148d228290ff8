package dev.smidgen.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 in front of one local port that can be taken down and brought back, as a
 * storage service has an outage: while it is down, every open connection is cut and every new one
 * is closed as soon as it is accepted (pooled keep-alive connections cannot slip past). It can also
 * be set to go down by itself once a client sends a large body (an upload) on a connection, so an
 * outage can hit the moment a worker stores its output without the test having to time it.
 */
final class OutageProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong tripAfter = new AtomicLong(-1);
    private volatile boolean down;
    private volatile boolean tripped;

    OutageProxy(int targetPort) {
        this.targetPort = targetPort;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Sockets.daemon("outage-proxy", this::accept);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Starts an outage: cuts every connection now open, and refuses new ones until {@link #up()}. */
    void down() {
        down = true;
        open.forEach(Sockets::closeQuietly);
    }

    void up() {
        down = false;
    }

    /** Goes down (as {@link #down()}) once, when a connection has carried more than {@code requestBytes} to the target. */
    void downOnUpload(long requestBytes) {
        tripAfter.set(requestBytes);
    }

    /** Whether an upload has taken it down. */
    boolean tripped() {
        return tripped;
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                continue; // closed: the loop ends
            }
            if (down) {
                Sockets.closeQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                Sockets.daemon("outage-proxy-up", () -> pump(client, upstream, true));
                Sockets.daemon("outage-proxy-down", () -> pump(upstream, client, false));
            } catch (IOException e) {
                Sockets.closeQuietly(client); // the target refused: the client sees its connection end
            }
        }
    }

    /** Copies one direction; the request's end half-closes upstream, the response's end closes both. */
    private void pump(Socket from, Socket to, boolean request) {
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            long passed = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                passed += n;
                long limit = tripAfter.get();
                if (request && limit >= 0 && passed > limit && tripAfter.compareAndSet(limit, -1)) {
                    tripped = true;
                    down(); // cuts this connection too, mid-body
                    break;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
            if (request && !tripped) {
                to.shutdownOutput();
                return;
            }
        } catch (IOException e) {
            // one side went away, or the outage cut it
        }
        for (Socket s : new Socket[] {from, to}) {
            open.remove(s);
            Sockets.closeQuietly(s);
        }
    }

    @Override
    public void close() {
        down();
        Sockets.closeQuietly(server);
    }
}
