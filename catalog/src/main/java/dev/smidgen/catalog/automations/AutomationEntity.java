package dev.smidgen.catalog.automations;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A rule of a project: when its trigger fires, create its conversion tasks. */
@Entity
@Table(name = "automations")
public class AutomationEntity {
    @Id
    public String id;

    @Column(name = "project_id")
    public String projectId;

    public String name;
    /** {@code {event, conditions}} as {@code AutomationTrigger.toJson()} writes it. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> trigger = new LinkedHashMap<>();
    /** Conversion templates as {@code ConversionTemplate.toJson()} writes them. */
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Map<String, Object>> tasks = new ArrayList<>();

    public boolean enabled;
    public Instant created;
    public Instant updated;
}
