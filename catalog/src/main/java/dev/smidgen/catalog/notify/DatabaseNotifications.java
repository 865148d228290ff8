package dev.smidgen.catalog.notify;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * PostgreSQL notifications for this service, over one LISTEN connection. Triggers NOTIFY when rows
 * other services wrote are committed (a finished task, a new outbox row, a new event), so a
 * subscriber reacts at once instead of polling its table. Handlers run on the listener thread and
 * must return quickly. A notification sent while the connection was down is lost, so after every
 * (re)connect each handler is also called with a null payload, meaning "look at the table again".
 * The connection opens with the first subscription: a service that subscribes to nothing holds none.
 */
@ApplicationScoped
public class DatabaseNotifications {
    private static final Logger LOG = Logger.getLogger(DatabaseNotifications.class);
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]*");
    /** How long a blocked read for notifications lasts; a new channel is listened to within it. */
    private static final int READ_MILLIS = 250;
    /** How long {@link #subscribe} waits for its LISTEN to take effect before going on without it. */
    private static final long SUBSCRIBE_WAIT_MILLIS = 5000;

    @Inject
    AgroalDataSource dataSource;

    private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> listening = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private Thread listener;

    /**
     * Calls {@code handler} with each notification's payload on {@code channel}, and with null after
     * each reconnect. Returns once the channel is listened to, so a NOTIFY committed after this call
     * is heard (unless the database cannot be reached: then it returns after a few seconds and the
     * handler's null call follows the connection).
     */
    public void subscribe(String channel, Consumer<String> handler) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("not a channel name: " + channel);
        }
        handlers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(handler);
        CompletableFuture<Void> listened = listening.computeIfAbsent(channel, c -> new CompletableFuture<>());
        startListening();
        try {
            listened.get(SUBSCRIBE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf(
                    "Not yet listening on %s; its subscribers fall back to their periodic checks until then", channel);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized void startListening() {
        if (listener == null && running) {
            listener = new Thread(this::listen, "db-notifications");
            listener.setDaemon(true);
            listener.start();
        }
    }

    synchronized void stop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                PGConnection pg = connection.unwrap(PGConnection.class);
                Set<String> listened = new HashSet<>();
                while (running) {
                    listenToNewChannels(statement, listened);
                    PGNotification[] notifications = pg.getNotifications(READ_MILLIS);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            deliver(n.getName(), n.getParameter());
                        }
                    }
                }
            } catch (Exception e) {
                if (running) {
                    LOG.warnf("Database notification listener lost its connection (%s); reconnecting", e.getMessage());
                    sleepQuietly();
                }
            }
        }
    }

    /** LISTENs to every subscribed channel this connection does not listen to yet, then has it re-checked. */
    private void listenToNewChannels(Statement statement, Set<String> listened) throws java.sql.SQLException {
        for (String channel : handlers.keySet()) {
            if (listened.add(channel)) {
                statement.execute("LISTEN " + channel);
                listening
                        .computeIfAbsent(channel, c -> new CompletableFuture<>())
                        .complete(null);
                deliver(channel, null);
            }
        }
    }

    private void deliver(String channel, String payload) {
        for (Consumer<String> handler : handlers.getOrDefault(channel, List.of())) {
            try {
                handler.accept(payload);
            } catch (RuntimeException e) {
                LOG.errorf(e, "A handler of %s failed", channel);
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
