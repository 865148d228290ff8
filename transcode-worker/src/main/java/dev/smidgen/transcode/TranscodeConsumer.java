package dev.smidgen.transcode;

import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.TaskAnnouncement;
import dev.smidgen.runtime.ClaimedTaskRunner.Outcome;
import dev.smidgen.runtime.MessageTraces;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads task announcements from {@code smidgen.tasks.transcode}. The message is only a hint: the
 * task row decides, so duplicates and redeliveries are harmless. A message that can never be
 * processed (unreadable, or naming a task that keeps killing workers) is nacked, which sends it to
 * the {@code .dlq} topic.
 */
@ApplicationScoped
public class TranscodeConsumer {
    private static final Logger LOG = Logger.getLogger(TranscodeConsumer.class);

    @Inject
    TranscodeProcessor processor;

    // A named pool: how many conversions one worker runs at once is its max-concurrency, not the
    // default pool's 20, since each FFmpeg run wants the machine's cores.
    @Incoming("transcode-tasks")
    @Blocking(value = "transcode", ordered = false)
    public CompletionStage<Void> onAnnouncement(Message<String> message) {
        TaskAnnouncement announcement;
        try {
            announcement = TaskAnnouncement.fromJson(message.getPayload());
        } catch (SmidgenException e) {
            LOG.warnf("Unreadable transcode message sent to the dead-letter topic: %s", message.getPayload());
            return message.nack(new PoisonMessage("unreadable task announcement"));
        }
        if (processor.handle(announcement.taskId(), MessageTraces.traceparent(message)) == Outcome.GAVE_UP) {
            return message.nack(new PoisonMessage(announcement.taskId() + " was abandoned after too many attempts"));
        }
        return message.ack();
    }

    /** Why a message went to the dead-letter topic (its reason header). */
    static final class PoisonMessage extends RuntimeException {
        PoisonMessage(String reason) {
            super(reason, null, false, false);
        }
    }
}
