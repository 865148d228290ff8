import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load client of bench/media-list.sh: a single-file program (run it with {@code java bench/MediaListLoad.java}),
 * no dependencies. It speaks HTTP/1.1 with keep-alive over plain sockets so that the client costs little CPU on the
 * same 2-core machine as the server.
 *
 * <pre>
 *   java bench/MediaListLoad.java list BASE_URL API_KEY WARMUP REQUESTS 'NAME|QUERY'...
 *       for each query, WARMUP then REQUESTS sequential GET BASE_URL/media?QUERY on one connection;
 *       prints one table row per query: p50, p95, p99, max (ms), rows in data, meta.total, requests measured
 *       (-Dbudget.seconds=30: a query that would take longer is measured over fewer requests, at least 20)
 *   java bench/MediaListLoad.java get BASE_URL API_KEY CLIENTS WARMUP_S SECONDS IDS_FILE
 *       CLIENTS concurrent connections, each a closed loop of GET BASE_URL/media/{random id of IDS_FILE};
 *       WARMUP_S seconds unrecorded, then SECONDS recorded; prints requests/s, p50, p90, p99, max
 * </pre>
 *
 * Any response other than 200 stops the run with the body printed: a benchmark of errors measures nothing.
 */
public class MediaListLoad {

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            usage();
        }
        switch (args[0]) {
            case "list" -> list(args);
            case "get" -> get(args);
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: list BASE_URL API_KEY WARMUP REQUESTS 'NAME|QUERY'... | get BASE_URL API_KEY CLIENTS WARMUP_S SECONDS IDS_FILE");
        System.exit(2);
    }

    // ---------------------------------------------------------------------------------------------- list

    private static void list(String[] args) throws Exception {
        if (args.length < 6) {
            usage();
        }
        URI base = URI.create(args[1]);
        String key = args[2];
        int warmup = Integer.parseInt(args[3]);
        int requests = Integer.parseInt(args[4]);
        // A query slower than the budget allows gets fewer requests (at least 20): 300 requests of 400 ms are 2 minutes.
        long budgetNanos = Long.parseLong(System.getProperty("budget.seconds", "30")) * 1_000_000_000L;
        System.out.printf("| %-44s | %7s | %7s | %7s | %7s | %4s | %10s | %8s |%n", "query (GET /media?…)", "p50 ms", "p95 ms",
                "p99 ms", "max ms", "rows", "meta.total", "requests");
        System.out.printf("|%s|%s|%s|%s|%s|%s|%s|%s|%n", "-".repeat(46), "-".repeat(9), "-".repeat(9), "-".repeat(9), "-".repeat(9),
                "-".repeat(6), "-".repeat(12), "-".repeat(10));
        try (Conn conn = new Conn(base, key)) {
            for (int i = 5; i < args.length; i++) {
                int bar = args[i].indexOf('|');
                String name = args[i].substring(0, bar);
                String query = args[i].substring(bar + 1);
                String path = base.getPath().replaceAll("/$", "") + "/media" + (query.isEmpty() ? "" : "?" + query);
                Reply last = null;
                long warmupStart = System.nanoTime();
                for (int w = 0; w < warmup && (w < 10 || System.nanoTime() - warmupStart < budgetNanos / 3); w++) {
                    last = conn.getOk(path);
                }
                long[] nanos = new long[requests];
                int n = 0;
                long start = System.nanoTime();
                while (n < requests && (n < 20 || System.nanoTime() - start < budgetNanos)) {
                    long t0 = System.nanoTime();
                    last = conn.getOk(path);
                    nanos[n++] = System.nanoTime() - t0;
                }
                nanos = Arrays.copyOf(nanos, n);
                Object json = new Json(last.body).value();
                Object total = path(json, "meta", "total");
                Object data = path(json, "data");
                int rows = data instanceof List<?> l ? l.size() : -1;
                Arrays.sort(nanos);
                System.out.printf("| %-44s | %7.1f | %7.1f | %7.1f | %7.1f | %4d | %10s | %8d |%n", name, ms(pct(nanos, 50)),
                        ms(pct(nanos, 95)), ms(pct(nanos, 99)), ms(nanos[n - 1]), rows, total, n);
                System.out.flush();
            }
        }
    }

    // ----------------------------------------------------------------------------------------------- get

    private static void get(String[] args) throws Exception {
        if (args.length != 7) {
            usage();
        }
        URI base = URI.create(args[1]);
        String key = args[2];
        int clients = Integer.parseInt(args[3]);
        int warmupSeconds = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        String[] ids = Files.readAllLines(Path.of(args[6])).stream().map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
        if (ids.length == 0) {
            throw new IllegalArgumentException("no ids in " + args[6]);
        }
        String prefix = base.getPath().replaceAll("/$", "") + "/media/";
        long start = System.nanoTime();
        long measureFrom = start + warmupSeconds * 1_000_000_000L;
        long measureTo = measureFrom + seconds * 1_000_000_000L;
        List<long[]> perThread = new ArrayList<>();
        int[] counts = new int[clients];
        AtomicLong failures = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            perThread.add(new long[0]);
            int index = c;
            Thread t = new Thread(() -> {
                try (Conn conn = new Conn(base, key)) {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    long[] samples = new long[16_384];
                    int n = 0;
                    while (true) {
                        String path = prefix + ids[random.nextInt(ids.length)];
                        long t0 = System.nanoTime();
                        if (t0 >= measureTo) {
                            break;
                        }
                        conn.getOk(path);
                        long t1 = System.nanoTime();
                        if (t0 >= measureFrom) {
                            if (n == samples.length) {
                                samples = Arrays.copyOf(samples, n * 2);
                            }
                            samples[n++] = t1 - t0;
                        }
                    }
                    synchronized (perThread) {
                        perThread.set(index, samples);
                        counts[index] = n;
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                    System.err.println("client " + index + ": " + e);
                }
            }, "client-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " clients failed");
        }
        int total;
        synchronized (perThread) {
            total = Arrays.stream(counts).sum();
        }
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(perThread.get(c), 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        System.out.printf("| %-28s | %8s | %9s | %6s | %6s | %6s | %6s |%n", "GET /media/{id}", "requests", "req/s", "p50 ms", "p90 ms",
                "p99 ms", "max ms");
        System.out.printf("|%s|%s|%s|%s|%s|%s|%s|%n", "-".repeat(30), "-".repeat(10), "-".repeat(11), "-".repeat(8), "-".repeat(8),
                "-".repeat(8), "-".repeat(8));
        System.out.printf("| %-28s | %8d | %9.0f | %6.1f | %6.1f | %6.1f | %6.1f |%n",
                clients + " clients, " + seconds + " s, " + ids.length + " ids", total, total / (double) seconds, ms(pct(all, 50)),
                ms(pct(all, 90)), ms(pct(all, 99)), ms(all[all.length - 1]));
    }

    // ---------------------------------------------------------------------------------------------- util

    /** Nearest-rank percentile of sorted values. */
    static long pct(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static Object path(Object json, String... keys) {
        Object at = json;
        for (String k : keys) {
            if (!(at instanceof Map<?, ?> m)) {
                return null;
            }
            at = m.get(k);
        }
        return at;
    }

    record Reply(int status, byte[] body) {
    }

    /** One keep-alive HTTP/1.1 connection; reconnects once when the server closed it between requests. */
    static final class Conn implements AutoCloseable {
        private final String host;
        private final int port;
        private final String headers;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Conn(URI base, String apiKey) {
            if (!"http".equals(base.getScheme())) {
                throw new IllegalArgumentException("only http:// base URLs: " + base);
            }
            this.host = base.getHost();
            this.port = base.getPort() == -1 ? 80 : base.getPort();
            this.headers = "Host: " + host + ":" + port + "\r\nAuthorization: Bearer " + apiKey + "\r\nAccept: application/json\r\n\r\n";
        }

        Reply getOk(String path) throws IOException {
            Reply r = get(path);
            if (r.status != 200) {
                throw new IllegalStateException("GET " + path + " answered " + r.status + ": " + new String(r.body, StandardCharsets.UTF_8));
            }
            return r;
        }

        Reply get(String path) throws IOException {
            byte[] request = ("GET " + path + " HTTP/1.1\r\n" + headers).getBytes(StandardCharsets.UTF_8);
            boolean fresh = socket == null;
            try {
                connectIfNeeded();
                out.write(request);
                out.flush();
                return read();
            } catch (IOException e) {
                close();
                if (fresh) {
                    throw e;
                }
                connectIfNeeded();
                out.write(request);
                out.flush();
                return read();
            }
        }

        private void connectIfNeeded() throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), 5000);
                socket.setSoTimeout(60_000);
                in = new BufferedInputStream(socket.getInputStream(), 65536);
                out = socket.getOutputStream();
            }
        }

        private Reply read() throws IOException {
            String statusLine = line();
            if (statusLine == null) {
                throw new IOException("connection closed");
            }
            int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String h = line(); h != null && !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                String name = h.substring(0, colon).trim().toLowerCase();
                String value = h.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase().contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    default -> {
                    }
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                while (true) {
                    String size = line();
                    int semi = size.indexOf(';');
                    int n = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                    if (n == 0) {
                        for (String t = line(); t != null && !t.isEmpty(); t = line()) {
                            // trailers
                        }
                        break;
                    }
                    body.write(in.readNBytes(n));
                    line();
                }
            } else if (length >= 0) {
                byte[] b = in.readNBytes((int) length);
                if (b.length != length) {
                    throw new IOException("short body");
                }
                body.write(b);
            } else {
                body.write(in.readAllBytes());
                close = true;
            }
            if (close) {
                close();
            }
            return new Reply(status, body.toByteArray());
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    int len = sb.length();
                    return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
                }
                sb.append((char) c);
            }
            return sb.length() == 0 ? null : sb.toString();
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            socket = null;
        }
    }

    /** Just enough JSON to read meta.total and count data. */
    static final class Json {
        private final String s;
        private int i;

        Json(byte[] bytes) {
            this.s = new String(bytes, StandardCharsets.UTF_8);
        }

        Object value() {
            ws();
            char c = s.charAt(i);
            switch (c) {
                case '{' -> {
                    i++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    ws();
                    if (s.charAt(i) == '}') {
                        i++;
                        return m;
                    }
                    while (true) {
                        ws();
                        String k = string();
                        ws();
                        i++; // ':'
                        m.put(k, value());
                        ws();
                        if (s.charAt(i++) == '}') {
                            return m;
                        }
                    }
                }
                case '[' -> {
                    i++;
                    List<Object> l = new ArrayList<>();
                    ws();
                    if (s.charAt(i) == ']') {
                        i++;
                        return l;
                    }
                    while (true) {
                        l.add(value());
                        ws();
                        if (s.charAt(i++) == ']') {
                            return l;
                        }
                    }
                }
                case '"' -> {
                    return string();
                }
                default -> {
                    int start = i;
                    while (i < s.length() && ",}] \n\r\t".indexOf(s.charAt(i)) < 0) {
                        i++;
                    }
                    String token = s.substring(start, i);
                    return switch (token) {
                        case "null" -> null;
                        case "true" -> Boolean.TRUE;
                        case "false" -> Boolean.FALSE;
                        default -> token.contains(".") || token.contains("e") || token.contains("E") ? (Object) Double.valueOf(token)
                                : (Object) Long.valueOf(token);
                    };
                }
            }
        }

        private String string() {
            StringBuilder sb = new StringBuilder();
            i++; // opening quote
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'u' -> {
                            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
