package dev.smidgen.ingest;

import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.TaskAnnouncement;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads task announcements from {@code smidgen.tasks.ingest}. The message is only a hint: the
 * task row decides, so duplicates and redeliveries are harmless.
 */
@ApplicationScoped
public class IngestConsumer {
    private static final Logger LOG = Logger.getLogger(IngestConsumer.class);

    @Inject
    IngestProcessor processor;

    @Incoming("ingest-tasks")
    @Blocking(ordered = false)
    public void onAnnouncement(String payload) {
        TaskAnnouncement announcement;
        try {
            announcement = TaskAnnouncement.fromJson(payload);
        } catch (SmidgenException e) {
            LOG.warnf("Ignoring unreadable ingest message: %s", payload);
            return;
        }
        processor.handle(announcement.taskId());
    }
}
