package dev.smidgen.e2e;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A SOCKS5 relay on 127.0.0.1 through which {@link Browser} sends every connection, so that going
 * offline can reset the connections already open. Chromium's own offline emulation only fails new
 * requests: it lets an upload in progress run to the end (it even lifts the upload throttle).
 *
 * <p>It relays only to loopback addresses, where the tests' servers are: a page under test can
 * reach nothing else through it, and nothing else is reachable from this machine anyway.
 */
final class SocksRelay implements AutoCloseable {
    private final ServerSocket server;
    /** Both ends of every relayed connection, so that {@link #resetAll()} can reset them. */
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private volatile boolean down;
    /** Bytes forwarded from the browser to the servers: how much an upload really sent. */
    private final AtomicLong forwarded = new AtomicLong();

    SocksRelay() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Sockets.daemon("socks-relay", this::accept);
    }

    /** The value for Chromium's {@code --proxy-server}. */
    String proxyServer() {
        return "socks5://127.0.0.1:" + server.getLocalPort();
    }

    /**
     * Forwards nothing more, either way, and refuses new connections until {@link #restore()}. The
     * open connections stay open (what arrives on them is dropped) until {@link #resetAll()}: so the
     * browser can be told it is offline in between, and nothing in progress completes meanwhile.
     */
    void hold() {
        down = true;
    }

    /** Resets every open connection, both ways. */
    void resetAll() {
        open.forEach(this::reset);
    }

    void restore() {
        down = false;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(this::reset);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Sockets.daemon("socks-relay-connection", () -> relay(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relay(Socket client) {
        open.add(client);
        Socket upstream = null;
        try {
            // Not buffered: the bytes after the handshake must stay in the socket for the pump.
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            // Greeting: version 5 and the authentication methods offered; take "none".
            if (in.readUnsignedByte() != 5) {
                return;
            }
            in.readFully(new byte[in.readUnsignedByte()]);
            out.write(new byte[] {5, 0});
            // Request: version, command (1 = CONNECT), reserved, address type, address, port.
            byte[] head = new byte[4];
            in.readFully(head);
            InetAddress address = switch (head[3]) {
                case 1 -> InetAddress.getByAddress(bytes(in, 4));
                case 3 ->
                    InetAddress.getByName(new String(bytes(in, in.readUnsignedByte()), StandardCharsets.US_ASCII));
                case 4 -> InetAddress.getByAddress(bytes(in, 16));
                default -> throw new IOException("SOCKS address type " + head[3]);
            };
            int port = in.readUnsignedShort();
            if (head[1] != 1 || down || !address.isLoopbackAddress()) {
                reply(out, 2); // connection not allowed
                return;
            }
            try {
                upstream = new Socket(address, port);
            } catch (IOException e) {
                reply(out, 5); // connection refused
                return;
            }
            open.add(upstream);
            reply(out, 0);
            Socket target = upstream;
            Thread responses = Sockets.daemon("socks-relay-responses", () -> pump(target, client, null));
            pump(client, target, forwarded);
            responses.join();
        } catch (IOException | InterruptedException e) {
            // a reset or a broken client: the connection just ends
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    /** Bytes the browser has sent through the relay to the servers so far (requests and their bodies). */
    long forwardedBytes() {
        return forwarded.get();
    }

    /** Copies until end of stream, then half-closes, so each side sees the other's end as sent. */
    private void pump(Socket from, Socket to, AtomicLong counter) {
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (!down) {
                    out.write(buffer, 0, n);
                    if (counter != null) {
                        counter.addAndGet(n);
                    }
                }
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // reset by cut() or by either side: relay() closes both
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static byte[] bytes(DataInputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    private static void reply(OutputStream out, int status) throws IOException {
        // version, status, reserved, IPv4 bound address 0.0.0.0:0 (unused by Chromium)
        out.write(new byte[] {5, (byte) status, 0, 1, 0, 0, 0, 0, 0, 0});
        out.flush();
    }

    /** An RST rather than a FIN: the browser sees the connection fail, not a short response. */
    private void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // already closed
        }
        closeQuietly(socket);
    }

    private void closeQuietly(Socket socket) {
        if (socket != null) {
            open.remove(socket);
            Sockets.closeQuietly(socket);
        }
    }
}
