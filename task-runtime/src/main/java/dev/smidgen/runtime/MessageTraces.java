package dev.smidgen.runtime;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;

/** The trace a task announcement belongs to: its {@code traceparent} header, set by the outbox relay. */
public final class MessageTraces {
    private MessageTraces() {}

    /** The record's {@code traceparent}, or null when it has none (an older relay, a hand-made record). */
    public static String traceparent(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> metadata.getHeaders().lastHeader("traceparent"))
                .map(Header::value)
                .map(value -> new String(value, StandardCharsets.US_ASCII))
                .orElse(null);
    }
}
