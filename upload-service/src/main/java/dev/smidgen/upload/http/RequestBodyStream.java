package dev.smidgen.upload.http;

import dev.smidgen.catalog.storage.BlockInputStream;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * A request body read on a worker thread straight from Vert.x, with a few megabytes in flight.
 *
 * <p>The REST layer's own body stream asks the event loop for one network buffer at a time (often
 * 16–64 KiB): every buffer is a hand-over between two threads, which caps a body at about a core's
 * worth of those hand-overs (~100–130 MB/s measured). Here the event loop queues buffers as they
 * arrive and only pauses the connection when {@value #HIGH_WATER} bytes wait unread; the reader takes
 * as many as a read asks for. Memory per request stays at the high-water mark plus one buffer.
 *
 * <p>A client that goes away mid-body (even before the reader started), or sends nothing for
 * {@link #IDLE_LIMIT}, ends the stream with an {@link IOException}, as a broken socket would.
 */
public final class RequestBodyStream extends BlockInputStream {
    /** Bytes queued before the connection is paused: enough for large writes, small enough per request. */
    static final int HIGH_WATER = 4 * 1024 * 1024;
    /** Reading resumes below this, so the socket is not paused and resumed for every buffer. */
    static final int LOW_WATER = 1024 * 1024;
    /** Longer than the HTTP idle timeout, which normally closes a silent connection first. */
    static final Duration IDLE_LIMIT = Duration.ofMinutes(10);
    /** How often a reader waiting for bytes looks whether the connection is still there. */
    private static final long CLOSED_CHECK_MILLIS = 1_000;

    private final HttpServerRequest request;
    /** The request's event loop: pausing and resuming both happen there, so they never cross. */
    private final Context context;

    private final Object lock = new Object();
    private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
    private long queued;
    private boolean paused;
    private boolean ended;
    private Throwable failure;
    private Buffer current;
    private int position;

    private RequestBodyStream(HttpServerRequest request, Context context) {
        this.request = request;
        this.context = context;
    }

    /**
     * Starts reading the body of {@code request}, answering {@code Expect: 100-continue} first (a
     * client such as curl otherwise waits a second before it sends a large body). Call it once, from
     * the thread that will read, before anything else consumes the body.
     */
    public static RequestBodyStream of(HttpServerRequest request) {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("A request body is read from a Vert.x worker or event-loop thread");
        }
        RequestBodyStream stream = new RequestBodyStream(request, context);
        if (request.isEnded()) {
            stream.ended = true;
            return stream;
        }
        request.handler(stream::arrived);
        request.endHandler(v -> stream.finished(null));
        request.exceptionHandler(stream::finished);
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            request.response().writeContinue();
        }
        request.resume();
        return stream;
    }

    /** On the event loop: a buffer arrived. */
    private void arrived(Buffer buffer) {
        synchronized (lock) {
            queue.add(buffer);
            queued += buffer.length();
            if (queued >= HIGH_WATER && !paused) {
                paused = true;
                request.pause();
            }
            lock.notifyAll();
        }
    }

    /** On the event loop: the body ended ({@code cause} null) or the connection failed or closed. */
    private void finished(Throwable cause) {
        synchronized (lock) {
            if (ended) {
                return; // the whole body arrived: a close afterwards (the answer's) changes nothing
            }
            if (cause == null) {
                ended = true;
            } else if (failure == null) {
                failure = cause;
            }
            lock.notifyAll();
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int copied = 0;
        while (copied < len) {
            if (current == null || position == current.length()) {
                // Block only for the first bytes of a read: after that, hand back what is here.
                current = copied == 0 ? take() : poll();
                position = 0;
                if (current == null) {
                    break;
                }
            }
            int n = Math.min(len - copied, current.length() - position);
            current.getBytes(position, position + n, b, off + copied);
            position += n;
            copied += n;
        }
        return copied == 0 ? -1 : copied;
    }

    @Override
    public int available() {
        synchronized (lock) {
            return (int) Math.min(Integer.MAX_VALUE, queued + (current == null ? 0 : current.length() - position));
        }
    }

    /** The next buffer, waiting for it; null at the end of the body. */
    private Buffer take() throws IOException {
        long deadline = System.nanoTime() + IDLE_LIMIT.toNanos();
        synchronized (lock) {
            while (queue.isEmpty()) {
                if (failure != null) {
                    throw new IOException("The request body broke off: " + failure.getMessage(), failure);
                }
                if (ended) {
                    return null;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException(
                            "No bytes of the request body arrived for " + IDLE_LIMIT.toMinutes() + " minutes.");
                }
                if (request.response().closed()) {
                    // A connection that closed while the request waited for a worker thread (and its
                    // session lock) told no handler: none was set yet. Without this look the reader
                    // would wait out the idle limit, holding the upload's lock all the while.
                    throw new IOException("The connection closed before the request body ended.");
                }
                try {
                    lock.wait(Math.max(1, Math.min(CLOSED_CHECK_MILLIS, left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("Interrupted while reading the request body.");
                }
            }
            return dequeue();
        }
    }

    /** The next buffer if one is queued, else null. */
    private Buffer poll() {
        synchronized (lock) {
            return queue.isEmpty() ? null : dequeue();
        }
    }

    private Buffer dequeue() {
        Buffer next = queue.poll();
        queued -= next.length();
        if (paused && queued <= LOW_WATER) {
            paused = false;
            context.runOnContext(v -> resumeUnlessPausedAgain());
        }
        return next;
    }

    /** On the event loop, after the reader caught up: unless buffers piled up again meanwhile. */
    private void resumeUnlessPausedAgain() {
        synchronized (lock) {
            if (!paused) {
                request.resume();
            }
        }
    }
}
