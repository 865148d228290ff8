package dev.smidgen.catalog.files;

import dev.smidgen.catalog.EnumColumns;
import dev.smidgen.model.Kind;
import dev.smidgen.model.probe.ProbedFacts;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One stored object and the facts ffprobe found in it. */
@Entity
@Table(name = "files")
public class FileEntity {
    @Id
    public String id;

    @Column(name = "project_id")
    public String projectId;

    @Column(name = "media_id")
    public String mediaId;

    public String object;
    public String label;
    public boolean original;
    /** Null until the file is probed. */
    @Convert(converter = EnumColumns.KindColumn.class)
    public Kind kind;

    @Column(name = "mime_type")
    public String mimeType;

    public String container;
    public String codec;
    /** Whether the file has an audio stream; null if it was stored before Smidgen recorded it. */
    @Column(name = "has_audio")
    public Boolean hasAudio;

    public Integer width;
    public Integer height;
    public Double duration;
    public Double fps;
    public Long bitrate;
    public Long filesize;
    public String folder;
    public String filename;

    @Column(name = "storage_key")
    public String storageKey;

    public String checksum;

    /**
     * For a package of many objects (an HLS ladder): the key prefix, ending in '/', every object of it
     * starts with; {@link #storageKey} is its entry point. Null for a file that is one object.
     */
    @Column(name = "package_prefix")
    public String packagePrefix;

    /** What a package holds (the renditions of an HLS ladder), as the API shows it; null for other files. */
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Map<String, Object>> renditions;

    public String orientation;
    public Integer rotation;
    public Boolean transparency;
    public Boolean animated;
    public Long frames;
    public String language;
    public String ref;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> metadata = new LinkedHashMap<>();

    public String status;
    public Instant created;
    public Instant updated;
    public Instant deleted;

    /** Takes every fact probing found (kind, type, codecs, size, duration, ...) into this row. */
    public void recordProbe(ProbedFacts probe) {
        kind = probe.kind();
        mimeType = probe.mimeType();
        container = probe.container();
        codec = probe.codec();
        hasAudio = probe.hasAudio();
        width = probe.width();
        height = probe.height();
        duration = probe.duration();
        fps = probe.fps();
        bitrate = probe.bitrate();
        filesize = probe.filesize();
        orientation = probe.orientation();
        rotation = probe.rotation();
        transparency = probe.transparency();
        animated = probe.animated();
        frames = probe.frames();
    }

    /** The facts probing recorded in this row. */
    public ProbedFacts facts() {
        return new ProbedFacts(
                kind,
                mimeType,
                container,
                codec,
                hasAudio,
                width,
                height,
                duration,
                fps,
                bitrate,
                filesize,
                orientation,
                rotation,
                transparency,
                animated,
                frames);
    }

    /** Whether this file is a package of objects under {@link #packagePrefix} rather than one object. */
    public boolean isPackage() {
        return packagePrefix != null;
    }

    /**
     * Where this file's object is kept once an overwrite takes its path: it keeps its bytes and id.
     * No user path can start with a dot, so these keys never clash with named files.
     */
    public String detachedKey() {
        String name = filename == null ? "" : filename;
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.')) : "";
        return projectId + "/.detached/" + id + ext;
    }
}
