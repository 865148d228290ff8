package dev.smidgen.devstack;

import dev.smidgen.devstack.traces.TraceCollector;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * {@code ./smidgen up} / {@code ./smidgen infra}: runs the local stack in the foreground on fixed ports with
 * its data in {@code .smidgen/data}, until Ctrl-C or {@code ./smidgen down} (SIGTERM).
 *
 * <p>Usage: {@code Main up|infra [--root <repo root>] [--state <dir, default <root>/.smidgen>]}
 */
public final class Main {

    private final LocalState state;
    private final Path repoRoot;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile Devstack infra;
    private volatile ServiceFleet services;
    private volatile TraceCollector traces;

    private Main(Path repoRoot, LocalState state) {
        this.repoRoot = repoRoot;
        this.state = state;
    }

    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "up";
        Path root = Path.of("");
        Path stateDir = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> root = Path.of(args[++i]);
                case "--state" -> stateDir = Path.of(args[++i]);
                default -> usage("unknown argument " + args[i]);
            }
        }
        root = root.toAbsolutePath().normalize();
        Main main = new Main(root, new LocalState(stateDir != null ? stateDir : root.resolve(".smidgen")));
        switch (mode) {
            case "up" -> main.run(true);
            case "infra" -> main.run(false);
            default -> usage("unknown mode " + mode);
        }
    }

    private void run(boolean withServices) {
        long started = System.nanoTime();
        Optional<Long> other = state.runningPid();
        if (other.isPresent()) {
            System.err.println("Smidgen is already running (pid " + other.get() + "); stop it with ./smidgen down");
            System.exit(1);
        }
        state.writePid();
        // Own handlers instead of the default "exit on signal": stop in order (services, Kafka/S3, Postgres)
        // before the JVM runs its shutdown hooks, which would stop everything at once.
        Signal.handle(new Signal("INT"), signal -> stop("interrupted"));
        Signal.handle(new Signal("TERM"), signal -> stop("terminated"));
        Runtime.getRuntime().addShutdownHook(new Thread(state::removePid, "remove-pid-file"));
        try {
            Map<String, String> env = System.getenv();
            infra = Devstack.start(DevstackOptions.local(state.dataDir(), env));
            if (withServices) {
                FleetOptions fleet = FleetOptions.local(repoRoot, env).adminToken(state.adminToken());
                traces = LocalTraces.start(env, fleet);
                services = ServiceFleet.start(infra, fleet);
                services.supervise();
                infra.supervise();
                printStack(bootstrapKey(), Log.millisSince(started));
            } else {
                printInfra(Log.millisSince(started));
            }
        } catch (RuntimeException e) {
            if (stopping.get()) {
                return;
            }
            // Stop first, report last: the failure is what stays on the screen, not the stop lines.
            shutdown();
            System.err.println();
            System.err.print(
                    e instanceof StartFailure failure
                            ? failure.report()
                            : "Smidgen failed to start: " + e.getMessage() + System.lineSeparator());
            System.exit(1);
        }
        // Everything runs in child processes now; park the main thread until a signal handler exits the JVM.
        waitForever();
    }

    /** Signal handler: stop everything in order, then exit. Runs at most once. */
    private void stop(String why) {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        Thread stopper = new Thread(
                () -> {
                    Log.info("smidgen", "%s: stopping", why);
                    shutdown();
                    System.exit(0);
                },
                "smidgen-stop");
        stopper.start();
    }

    private void shutdown() {
        try {
            if (services != null) {
                services.close();
            }
            if (traces != null) {
                traces.close();
            }
        } finally {
            if (infra != null) {
                infra.close();
            }
            state.removePid();
        }
    }

    private Optional<String> bootstrapKey() {
        try {
            return Optional.of(
                    new ApiBootstrap(services.apiBaseUrl(), state.adminToken()).ensureKey(state.previousApiKey()));
        } catch (RuntimeException e) {
            // The stack is up and useful without a key; say why there is none instead of tearing it down.
            Log.warn("bootstrap", "could not get an API key: %s", e.getMessage());
            return Optional.empty();
        }
    }

    private void printStack(Optional<String> apiKey, long readyMillis) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SMIDGEN_API_URL", services.apiBaseUrl());
        env.put("SMIDGEN_UPLOAD_URL", services.uploadBaseUrl());
        env.put("SMIDGEN_DELIVERY_URL", services.deliveryBaseUrl());
        env.put("SMIDGEN_API_KEY", apiKey.orElse(""));
        if (traces != null) {
            env.put("SMIDGEN_TRACES_URL", traces.endpoint());
        }
        state.writeEnv(env);
        String rule = "=".repeat(72);
        StringBuilder out = new StringBuilder();
        out.append('\n').append(rule).append('\n');
        out.append(String.format(" Smidgen is running — ready in %.1f s%n%n", readyMillis / 1000.0));
        out.append(row("API", services.apiBaseUrl()));
        out.append(row("Upload", services.uploadBaseUrl()));
        out.append(row("Delivery", services.deliveryBaseUrl()));
        out.append(row("API key", apiKey.orElse("(none: the admin API did not answer, see the warning above)")));
        out.append(row("Admin token", "in " + state.adminTokenFile()));
        out.append(row("Health", managementPorts()));
        out.append(
                row("Env file", state.envFile() + "   (load: set -a; . " + shortPath(state.envFile()) + "; set +a)"));
        out.append(row("Logs", infra.logsDir().toString()));
        out.append(
                row("Traces", traces != null ? "./smidgen trace <task id>" : LocalTraces.offReason(System.getenv())));
        out.append('\n').append(infra.describe()).append("\n\n");
        out.append(" Ctrl-C or ./smidgen down to stop.\n");
        out.append(rule).append('\n');
        System.out.print(out);
        System.out.flush();
    }

    /** Where /q/health and /q/metrics answer: each service's management port, not its public one. */
    private String managementPorts() {
        StringBuilder ports = new StringBuilder();
        for (ServiceInstance instance : services.instances()) {
            ports.append(ports.length() == 0 ? "" : ", ")
                    .append(instance.name())
                    .append(' ')
                    .append(instance.managementPort());
        }
        return "/q/health, /q/metrics on " + ports;
    }

    private void printInfra(long readyMillis) {
        Map<String, String> env = new LinkedHashMap<>();
        env.putAll(infra.serviceEnvironment());
        state.writeInfraEnv(env);
        String rule = "=".repeat(72);
        System.out.print('\n' + rule + '\n'
                + String.format(" Smidgen infrastructure is running — ready in %.1f s%n%n", readyMillis / 1000.0)
                + infra.describe() + "\n\n"
                + row(
                        "Service env",
                        state.infraEnvFile() + "   (load: set -a; . " + shortPath(state.infraEnvFile()) + "; set +a)")
                + row("Logs", infra.logsDir().toString())
                + "\n Ctrl-C or ./smidgen down to stop.\n" + rule + '\n');
        System.out.flush();
    }

    /** {@code file} relative to the repository root when it lies inside it (as in the usual .smidgen/env). */
    private String shortPath(Path file) {
        return file.startsWith(repoRoot) ? repoRoot.relativize(file).toString() : file.toString();
    }

    private static String row(String label, String value) {
        return String.format("   %-12s %s%n", label, value);
    }

    private static void waitForever() {
        Object lock = new Object();
        synchronized (lock) {
            while (true) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: Main up|infra [--root <repo root>] [--state <state dir>]");
        System.exit(2);
    }
}
