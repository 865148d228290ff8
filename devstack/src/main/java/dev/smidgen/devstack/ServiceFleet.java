package dev.smidgen.devstack;

import dev.smidgen.devstack.Preflight.LocalPort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The four Smidgen services as child JVMs ({@code java -jar <module>/target/quarkus-app/quarkus-run.jar}),
 * configured through environment variables to use a {@link Devstack}. api-service starts first (it owns the
 * database migrations), the other three in parallel once it is ready. Tests can kill, stop and add instances.
 */
public final class ServiceFleet implements AutoCloseable {

    public static final String API = "api-service";
    public static final String UPLOAD = "upload-service";
    public static final String INGEST = "ingest-worker";
    public static final String TRANSCODE = "transcode-worker";
    public static final List<String> MODULES = List.of(API, UPLOAD, INGEST, TRANSCODE);

    private static final long POLL_MILLIS = 200;
    /** Longer than a healthy service takes on a busy 2-core machine (5-10 s). */
    private static final Duration SLOW_START = Duration.ofSeconds(20);

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final Devstack infra;
    private final FleetOptions options;
    private final Map<String, ServiceInstance> running = new LinkedHashMap<>();
    /** Ports of instances that were stopped or killed: a restart under the same name keeps its URL. */
    private final Map<String, Integer> previousPorts = new LinkedHashMap<>();
    /** Their management ports, kept the same way, so a monitor of a restarted instance finds it again. */
    private final Map<String, Integer> previousManagementPorts = new LinkedHashMap<>();

    private final Map<String, Integer> firstPorts = new LinkedHashMap<>();
    private final Map<String, Integer> firstManagementPorts = new LinkedHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    private boolean closed;

    private ServiceFleet(Devstack infra, FleetOptions options) {
        this.infra = infra;
        this.options = options;
    }

    /**
     * Starts all four services against {@code infra} and returns when each answers /q/health/ready with 200 on
     * its management port.
     */
    public static ServiceFleet start(Devstack infra, FleetOptions options) {
        long started = System.nanoTime();
        for (String module : MODULES) {
            if (!Files.isRegularFile(options.runnerJar(module))) {
                throw new IllegalStateException(options.runnerJar(module) + " is missing; build the services first: "
                        + "./mvnw -B -q install -DskipTests");
            }
        }
        ServiceFleet fleet = new ServiceFleet(infra, options);
        // All four ports are fixed up front: every service is told the API and upload URLs at start.
        for (String module : MODULES) {
            int port = options.port(module);
            if (port == 0) {
                port = Ports.pickFree();
            } else {
                Ports.requireFree(port, LocalPort.ofService(module));
            }
            fleet.firstPorts.put(module, port);
            int managementPort = options.managementPort(module);
            fleet.firstManagementPorts.put(module, managementPort == 0 ? Ports.pickFree() : managementPort);
        }
        try {
            fleet.awaitReady(List.of(fleet.launch(API, API, Map.of())));
            List<ServiceInstance> others = new ArrayList<>();
            for (String module : MODULES.subList(1, MODULES.size())) {
                others.add(fleet.launch(module, module, Map.of()));
            }
            fleet.awaitReady(others);
        } catch (RuntimeException e) {
            // No reason here: the exception carries it, and ./smidgen up prints it last.
            Log.warn("services", "start failed, stopping the services");
            fleet.close();
            throw e;
        }
        Log.info("services", "all services ready in %d ms", Log.millisSince(started));
        return fleet;
    }

    /** Base URL of a running instance, e.g. {@code baseUrl("api-service")} → {@code http://localhost:8080}. */
    public synchronized String baseUrl(String instanceName) {
        return instance(instanceName).baseUrl();
    }

    /** The URL every service was given as SMIDGEN_API_BASE_URL. */
    public String apiBaseUrl() {
        return "http://localhost:" + firstPorts.get(API);
    }

    /** The URL every service was given as SMIDGEN_UPLOADS_BASE_URL. */
    public String uploadBaseUrl() {
        return "http://localhost:" + firstPorts.get(UPLOAD);
    }

    /** The URL every service was given as SMIDGEN_DELIVERY_BASE_URL. */
    public String deliveryBaseUrl() {
        return apiBaseUrl() + "/cdn";
    }

    public String adminToken() {
        return options.adminToken();
    }

    /** The running instance called {@code instanceName}; fails when there is none. */
    public synchronized ServiceInstance instance(String instanceName) {
        ServiceInstance instance = running.get(instanceName);
        if (instance == null) {
            throw new IllegalArgumentException(
                    "no running instance " + instanceName + "; running: " + running.keySet());
        }
        return instance;
    }

    public synchronized Optional<ServiceInstance> find(String instanceName) {
        return Optional.ofNullable(running.get(instanceName));
    }

    /** Snapshot of the running instances in start order. */
    public synchronized List<ServiceInstance> instances() {
        return List.copyOf(running.values());
    }

    /** SIGKILL: the instance dies at once, without any shutdown (simulates a crash). Returns when it is gone. */
    public void kill(String instanceName) {
        ServiceInstance instance = remove(instanceName);
        instance.process().kill();
        Log.info("services", "killed %s", instance);
    }

    /** Graceful stop: SIGTERM, SIGKILL only after 20 s. Returns when it is gone. */
    public void stop(String instanceName) {
        ServiceInstance instance = remove(instanceName);
        long started = System.nanoTime();
        instance.process().stop(STOP_GRACE);
        Log.info("services", "stopped %s in %d ms", instance, Log.millisSince(started));
    }

    /**
     * Starts an instance of {@code module} named {@code instanceName} and waits until it is ready. A new name
     * gets a free port; a name that ran before (stopped or killed) gets its old port back. {@code extraEnv}
     * is added to this instance's environment only.
     */
    public ServiceInstance startInstance(String module, String instanceName, Map<String, String> extraEnv) {
        if (!MODULES.contains(module)) {
            throw new IllegalArgumentException("unknown module " + module + "; expected one of " + MODULES);
        }
        ServiceInstance instance = launch(module, instanceName, extraEnv);
        try {
            awaitReady(List.of(instance));
        } catch (RuntimeException e) {
            remove(instanceName).process().kill();
            throw e;
        }
        return instance;
    }

    /**
     * From now on, restarts an instance that dies on its own, with backoff and a console line each time
     * ({@link Supervisor}); what {@link #kill}, {@link #stop} and {@link #close} end stays ended.
     */
    public void supervise() {
        new Supervisor(this).start();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Starts {@code dead} again under its name, port and environment, without waiting for it to be
     * ready; empty when the fleet was closed or the instance is no longer the fleet's, meanwhile.
     */
    synchronized Optional<ServiceInstance> restart(ServiceInstance dead) {
        if (closed || running.get(dead.name()) != dead || dead.isAlive()) {
            return Optional.empty();
        }
        running.remove(dead.name());
        dead.process().kill(); // already gone: this only releases its pipe and registration
        return Optional.of(launch(dead.module(), dead.name(), dead.extraEnv()));
    }

    /** Stops every instance (SIGTERM to all at once, then waits). Does not stop the infrastructure. */
    @Override
    public void close() {
        List<ServiceInstance> instances;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            instances = new ArrayList<>(running.values());
            running.clear();
        }
        long started = System.nanoTime();
        CompletableFuture.allOf(instances.stream()
                        .map(instance -> CompletableFuture.runAsync(
                                () -> instance.process().stop(STOP_GRACE), ServiceFleet::daemonThread))
                        .toArray(CompletableFuture[]::new))
                .join();
        if (!instances.isEmpty()) {
            Log.info("services", "stopped %d service(s) in %d ms", instances.size(), Log.millisSince(started));
        }
    }

    private synchronized ServiceInstance launch(String module, String instanceName, Map<String, String> extraEnv) {
        if (closed) {
            throw new IllegalStateException("the fleet is closed");
        }
        if (running.containsKey(instanceName)) {
            throw new IllegalStateException(instanceName + " is already running");
        }
        int port = portFor(previousPorts, firstPorts, module, instanceName);
        int managementPort = portFor(previousManagementPorts, firstManagementPorts, module, instanceName);
        Path jar = options.runnerJar(module);
        Map<String, String> env = environment(module, port, managementPort);
        env.putAll(extraEnv);
        ChildProcess process = ChildProcess.java(instanceName)
                .jvmOptions(options.jvmOptionsOf(module))
                .arguments(List.of("-jar", jar.toString()))
                .environment(env)
                // Own working directory: Quarkus reads ./config/application.properties and ./.env from it.
                .workDir(infra.dataDir().resolve("run").resolve(instanceName))
                .logFile(infra.logsDir().resolve(instanceName + ".log"))
                .agentDir(infra.dataDir().resolve("run"))
                .start();
        ServiceInstance instance = new ServiceInstance(module, instanceName, port, managementPort, process, extraEnv);
        running.put(instanceName, instance);
        previousPorts.put(instanceName, port);
        previousManagementPorts.put(instanceName, managementPort);
        Log.info("services", "starting %s on port %d (health and metrics on %d)", instanceName, port, managementPort);
        return instance;
    }

    /**
     * The port an instance gets: the one it had before (so peers' URLs stay valid), else the module's
     * first port for an instance named like its module, else a free one.
     */
    private static int portFor(
            Map<String, Integer> previous, Map<String, Integer> first, String module, String instanceName) {
        Integer before = previous.get(instanceName);
        if (before != null) {
            return before;
        }
        if (instanceName.equals(module) && first.containsKey(module)) {
            return first.get(module);
        }
        return Ports.pickFree();
    }

    /**
     * Everything a service needs to find the infrastructure and its peers; FleetOptions' env wins. Only the
     * api-service gets the admin token: no other service uses it, and a worker that never holds it cannot leak it.
     */
    private Map<String, String> environment(String module, int port, int managementPort) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.putAll(infra.serviceEnvironment());
        if (module.equals(API)) {
            env.put("SMIDGEN_ADMIN_TOKEN", options.adminToken());
            // The embedded stack is a developer's: Swagger UI on, at /swagger-ui (off by default in deployments).
            env.put("SMIDGEN_SWAGGER_UI", "true");
        }
        env.put("SMIDGEN_API_BASE_URL", apiBaseUrl());
        env.put("SMIDGEN_UPLOADS_BASE_URL", uploadBaseUrl());
        env.put("SMIDGEN_DELIVERY_BASE_URL", deliveryBaseUrl());
        // People read these logs (and readiness failures quote them): plain text rather than JSON lines.
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        env.putAll(options.environment());
        return env;
    }

    /**
     * Polls each pending instance's /q/health/ready (management port) every 200 ms until all answer 200. Fails at once when one
     * exits, and after the ready timeout, with a {@link StartFailure} saying which health checks are DOWN.
     * An instance still not ready after {@link #SLOW_START} gets a console line saying why ({@link Readiness#news}),
     * so a long wait is not a silent one; the polls themselves stay off the console.
     */
    private void awaitReady(List<ServiceInstance> instances) {
        long started = System.nanoTime();
        long deadline = started + options.readyTimeout().toNanos();
        Map<ServiceInstance, Readiness> pending = new LinkedHashMap<>();
        instances.forEach(instance -> pending.put(instance, new Readiness()));
        while (!pending.isEmpty()) {
            for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                ServiceInstance instance = entry.getKey();
                if (!instance.isAlive()) {
                    throw instance.process()
                            .failure(instance.name() + " exited with code "
                                    + instance.process().exitCode() + " before it became ready");
                }
                if (isReady(instance, entry.getValue())) {
                    Log.info(
                            "services",
                            "%s ready on %s in %d ms",
                            instance.name(),
                            instance.baseUrl(),
                            Log.millisSince(started));
                    it.remove();
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() - started > SLOW_START.toNanos()) {
                pending.forEach((instance, readiness) -> readiness
                        .news()
                        .ifPresent(why -> Log.info(
                                "services",
                                "%s not ready after %d s: %s (waiting up to %d s)",
                                instance.name(),
                                Log.millisSince(started) / 1000,
                                why,
                                options.readyTimeout().toSeconds())));
            }
            if (System.nanoTime() > deadline) {
                var late = pending.entrySet().iterator().next();
                throw late.getKey()
                        .process()
                        .failure(late.getKey().name() + " was not ready within "
                                + options.readyTimeout().toSeconds() + " s: "
                                + late.getValue().whyNot());
            }
            sleep(POLL_MILLIS);
        }
    }

    private boolean isReady(ServiceInstance instance, Readiness readiness) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + instance.managementPort() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return readiness.answer(response.statusCode(), response.body());
        } catch (IOException e) {
            readiness.noAnswer();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + instance.name(), e);
        }
    }

    private synchronized ServiceInstance remove(String instanceName) {
        ServiceInstance instance = running.remove(instanceName);
        if (instance == null) {
            throw new IllegalArgumentException(
                    "no running instance " + instanceName + "; running: " + running.keySet());
        }
        return instance;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void daemonThread(Runnable runnable) {
        Thread thread = new Thread(runnable, "services-stop");
        thread.setDaemon(true);
        thread.start();
    }
}
