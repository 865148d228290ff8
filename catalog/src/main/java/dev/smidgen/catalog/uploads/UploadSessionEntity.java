package dev.smidgen.catalog.uploads;

import dev.smidgen.catalog.EnumColumns;
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

/** A direct-upload session: what the media will be called, its rules, and how far its bytes got. */
@Entity
@Table(name = "upload_sessions")
public class UploadSessionEntity {
    @Id
    public String id;

    @Column(name = "project_id")
    public String projectId;

    @Convert(converter = EnumColumns.UploadStatusColumn.class)
    public UploadStatus status;

    public boolean resumable;
    public String protocol;
    public String folder;
    public String filename;
    public String alias;
    public String title;
    /** The client's name for the file, when a protocol tells it before the bytes (tus Upload-Metadata). */
    @Column(name = "original_filename")
    public String originalFilename;

    public boolean overwrite;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> metadata = new LinkedHashMap<>();

    @JdbcTypeCode(SqlTypes.JSON)
    public Object conditions;

    @Column(name = "declared_length")
    public Long declaredLength;

    public long received;

    @Column(name = "part_size")
    public Long partSize;

    @Column(name = "storage_key")
    public String storageKey;

    @Column(name = "multipart_id")
    public String multipartId;

    @Column(name = "lock_owner")
    public String lockOwner;

    @Column(name = "lock_expires")
    public Instant lockExpires;

    @Column(name = "task_id")
    public String taskId;

    @Column(name = "media_id")
    public String mediaId;

    @Column(name = "file_id")
    public String fileId;

    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "error_message")
    public String errorMessage;

    public Instant expires;
    public Instant created;
    public Instant updated;
    public Instant completed;

    /** The object key of the assembled upload for a session of a project. */
    public static String storageKeyOf(String projectId, String sessionId) {
        // A leading dot: no user folder can start with one, so these keys never clash with named files.
        return projectId + "/.uploads/" + sessionId;
    }

    /** Where chunk {@code index} of a chunked upload is kept until completion assembles the object. */
    public String chunkKey(int index) {
        return storageKey + ".chunks/" + index;
    }

    /**
     * Where the bytes of the unfinished last part wait for the next request (any replica), for the
     * offset {@code received}: a request writes the tail of its new offset beside the old one, and the
     * old one goes only once the new offset is committed, so a request whose commit failed (the
     * database went down) leaves the committed offset's tail intact.
     */
    public String tailKey(long received) {
        return tailPrefix() + received;
    }

    /** What every {@link #tailKey} of this session starts with. */
    public String tailPrefix() {
        return storageKey + ".tail-";
    }

    /**
     * The name of the staged file that collects the session's bytes on a store that keeps files on
     * this machine ({@code BlobStore.stage}), until the last byte renames it to {@link #storageKey}.
     */
    public String stageName() {
        return "upload-" + id;
    }

    public boolean isOpen() {
        return status == UploadStatus.OPEN;
    }
}
