package dev.smidgen.runtime;

import dev.smidgen.model.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The name a worker process writes into the leases it holds: role, host, pid and a random suffix. */
@ApplicationScoped
public class WorkerIdentity {
    private final String name;

    public WorkerIdentity(@ConfigProperty(name = "quarkus.application.name") String role) {
        String host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        name = role + "@" + host + ":" + ProcessHandle.current().pid() + ":" + Ids.random(6);
    }

    public String name() {
        return name;
    }
}
