package dev.smidgen.catalog.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A message waiting to be relayed to Kafka; written in the same transaction as the domain rows. */
@Entity
@Table(name = "outbox")
public class OutboxEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String topic;

    @Column(name = "msg_key")
    public String key;

    public String payload;
    public Instant created;

    /** The W3C traceparent of the transaction that wrote the row; the relay sends it as a Kafka header. */
    @Column(name = "trace_parent")
    public String traceParent;
}
