package dev.smidgen.devstack;

/** Infrastructure plus the four services, started in that order and closed in reverse: the handle e2e tests use. */
public final class SmidgenStack implements AutoCloseable {

    private final Devstack infra;
    private final ServiceFleet services;
    private final long readyMillis;

    private SmidgenStack(Devstack infra, ServiceFleet services, long readyMillis) {
        this.infra = infra;
        this.services = services;
        this.readyMillis = readyMillis;
    }

    /** Starts the infrastructure, then the services; if the services fail the infrastructure is stopped again. */
    public static SmidgenStack start(DevstackOptions infraOptions, FleetOptions fleetOptions) {
        long started = System.nanoTime();
        Devstack infra = Devstack.start(infraOptions);
        try {
            ServiceFleet services = ServiceFleet.start(infra, fleetOptions);
            long millis = Log.millisSince(started);
            Log.info("stack", "whole stack ready in %d ms", millis);
            return new SmidgenStack(infra, services, millis);
        } catch (RuntimeException e) {
            infra.close();
            throw e;
        }
    }

    public Devstack infra() {
        return infra;
    }

    public ServiceFleet services() {
        return services;
    }

    public String apiUrl() {
        return services.apiBaseUrl();
    }

    public String uploadUrl() {
        return services.uploadBaseUrl();
    }

    public String deliveryUrl() {
        return services.deliveryBaseUrl();
    }

    public String adminToken() {
        return services.adminToken();
    }

    public long readyMillis() {
        return readyMillis;
    }

    /** Services first (they still need the infrastructure to shut down cleanly), then the infrastructure. */
    @Override
    public void close() {
        try {
            services.close();
        } finally {
            infra.close();
        }
    }
}
