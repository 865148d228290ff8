package dev.smidgen.catalog.media;

import dev.smidgen.catalog.EnumColumns;
import dev.smidgen.model.Kind;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A media item: the container of related files; its facts mirror its original source. */
@Entity
@Table(name = "media")
public class MediaEntity {
    @Id
    public String id;

    @Column(name = "project_id")
    public String projectId;

    public String title;
    public String alias;
    public String folder;
    /** The original file's name, kept here so lists sort by it without a join. */
    public String filename;

    @Convert(converter = EnumColumns.KindColumn.class)
    public Kind kind;

    public Integer width;
    public Integer height;
    public Double duration;
    public Double fps;
    public Long filesize;
    public String placeholder;
    public String background;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> metadata = new LinkedHashMap<>();

    public String status;
    public Instant created;
    public Instant updated;
    public Instant deleted;
}
