package dev.smidgen.devstack;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Restarts the services of a {@link ServiceFleet} that die on their own (a crash, an OOM kill, a
 * {@code kill -9}), under the same name and port, after a {@link RestartBackoff}, with a console line
 * each time. Instances the fleet stops or kills on purpose are no longer in it, and a closed fleet
 * restarts nothing, so {@code ./smidgen down} and tests that kill workers see no restarts.
 */
final class Supervisor {
    private static final long POLL_MILLIS = 250;

    private final ServiceFleet fleet;
    private final Map<String, RestartBackoff> backoffs = new HashMap<>();
    /** Dead instances waiting for their restart: name → System.nanoTime() when it is due. */
    private final Map<String, Long> due = new HashMap<>();

    Supervisor(ServiceFleet fleet) {
        this.fleet = fleet;
    }

    /** Starts watching on a daemon thread, which ends when the fleet is closed. */
    void start() {
        Thread thread = new Thread(this::watch, "services-supervisor");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        while (!fleet.isClosed()) {
            check(System.nanoTime());
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One look at the fleet: notices new deaths and restarts those whose wait is over. */
    void check(long now) {
        for (ServiceInstance instance : fleet.instances()) {
            String name = instance.name();
            if (instance.isAlive()) {
                continue;
            }
            Long at = due.get(name);
            if (at == null) {
                Duration uptime = Duration.ofNanos(now - instance.startedNanos());
                Duration delay = backoffs.computeIfAbsent(name, n -> new RestartBackoff())
                        .after(uptime);
                due.put(name, now + delay.toNanos());
                Log.warn(
                        "services",
                        "%s exited with code %d after %d s; restarting it in %d s (log: %s)",
                        name,
                        instance.process().exitCode(),
                        uptime.toSeconds(),
                        delay.toSeconds(),
                        instance.logFile());
            } else if (now - at >= 0) {
                due.remove(name);
                fleet.restart(instance).ifPresent(restarted -> Log.info("services", "restarted %s", restarted));
            }
        }
    }
}
