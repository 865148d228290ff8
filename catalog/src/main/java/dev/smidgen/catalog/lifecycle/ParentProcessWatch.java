package dev.smidgen.catalog.lifecycle;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Exits the service when the process that launched it dies, so that killing {@code ./smidgen up}
 * or a test JVM (even with SIGKILL) leaves no stray services behind.
 */
public class ParentProcessWatch {
    private static final Logger LOG = Logger.getLogger(ParentProcessWatch.class);

    void onStart(@Observes StartupEvent event, @ConfigProperty(name = "smidgen.parent-pid") Optional<Long> parentPid) {
        parentPid.flatMap(ProcessHandle::of).ifPresent(parent -> parent.onExit().thenRun(() -> {
            LOG.warnf("Launcher process %d exited; shutting down", parent.pid());
            Quarkus.asyncExit(1);
        }));
    }
}
