package dev.smidgen.catalog.events;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One journaled event: a topic about a task or media item of a project. */
@Entity
@Table(name = "events")
public class EventEntity {
    @Id
    public String id;

    @Column(name = "project_id")
    public String projectId;

    public String topic;

    @Column(name = "subject_id")
    public String subjectId;

    public Instant created;
    /** When its deliveries and automation tasks were created; null until then. */
    public Instant dispatched;

    @Column(name = "not_before")
    public Instant notBefore;
}
