package dev.smidgen.devstack;

import java.nio.file.Path;
import java.util.Map;

/** One running Smidgen service JVM: which module, its instance name, ports and process. */
public final class ServiceInstance {

    private final String module;
    private final String name;
    private final int port;
    private final int managementPort;
    private final ChildProcess process;
    private final Map<String, String> extraEnv;
    private final long startedNanos = System.nanoTime();

    ServiceInstance(
            String module,
            String name,
            int port,
            int managementPort,
            ChildProcess process,
            Map<String, String> extraEnv) {
        this.module = module;
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
        this.extraEnv = Map.copyOf(extraEnv);
    }

    public String module() {
        return module;
    }

    /** Instance name, e.g. {@code ingest-worker} or {@code ingest-worker-2}; also the log file name. */
    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** {@code http://localhost:<port>}. */
    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Port of the management interface: /q/health and /q/metrics answer here, not on {@link #port()}. */
    public int managementPort() {
        return managementPort;
    }

    /** {@code http://localhost:<management port>}. */
    public String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return process.logFile();
    }

    /** The last {@code lines} lines of this run's log. */
    public String logTail(int lines) {
        return process.tail(lines);
    }

    ChildProcess process() {
        return process;
    }

    /** The environment this instance was started with on top of the fleet's; a restart gets it again. */
    Map<String, String> extraEnv() {
        return extraEnv;
    }

    /** {@link System#nanoTime()} when it was started. */
    long startedNanos() {
        return startedNanos;
    }

    @Override
    public String toString() {
        return name + " (" + module + ", port " + port + ", management port " + managementPort + ", pid "
                + process.pid() + ")";
    }
}
