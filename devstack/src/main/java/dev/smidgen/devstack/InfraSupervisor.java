package dev.smidgen.devstack;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Restarts the embedded Postgres or Kafka of a {@link Devstack} when it dies on its own, on the same
 * ports and data, after a {@link RestartBackoff}, with a console line each time: what
 * {@link Supervisor} does for the services. The services reconnect by themselves meanwhile.
 */
final class InfraSupervisor {
    private static final long POLL_MILLIS = 500;

    private final Devstack infra;
    private final Map<String, RestartBackoff> backoffs = new HashMap<>();
    private final Map<String, Long> upSince = new HashMap<>();

    InfraSupervisor(Devstack infra) {
        this.infra = infra;
    }

    /** Starts watching on a daemon thread, which ends when the infrastructure is closed. */
    void start() {
        Thread thread = new Thread(this::watch, "infra-supervisor");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        while (!infra.isClosed()) {
            check("postgres", infra::postgresDied, infra::restartPostgres);
            check("kafka", infra::kafkaDied, infra::restartKafka);
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void check(String name, BooleanSupplier died, Runnable restart) {
        long now = System.nanoTime();
        upSince.putIfAbsent(name, now);
        if (!died.getAsBoolean()) {
            return;
        }
        Duration uptime = Duration.ofNanos(now - upSince.get(name));
        Duration delay =
                backoffs.computeIfAbsent(name, n -> new RestartBackoff()).after(uptime);
        Log.warn(name, "died after %d s; restarting it in %d s", uptime.toSeconds(), delay.toSeconds());
        try {
            Thread.sleep(delay.toMillis());
            if (infra.isClosed()) {
                return;
            }
            restart.run();
            Log.info(name, "restarted");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            Log.warn(name, "restart failed (%s); trying again", e.getMessage());
        }
        upSince.put(name, System.nanoTime());
    }
}
