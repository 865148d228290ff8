package dev.smidgen.ingest;

import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.TaskAnnouncement;
import dev.smidgen.runtime.MessageTraces;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
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

    // The whole message, not just its payload: its headers carry the trace (MessageTraces).
    @Incoming("ingest-tasks")
    @Blocking(ordered = false)
    public CompletionStage<Void> onAnnouncement(Message<String> message) {
        TaskAnnouncement announcement;
        try {
            announcement = TaskAnnouncement.fromJson(message.getPayload());
        } catch (SmidgenException e) {
            LOG.warnf("Ignoring unreadable ingest message: %s", message.getPayload());
            return message.ack();
        }
        processor.handle(announcement.taskId(), MessageTraces.traceparent(message));
        return message.ack();
    }
}
