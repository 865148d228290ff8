package dev.smidgen.catalog.uploads;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A stored piece of an upload: an S3 multipart part ({@link #PART}, numbered from 1) or a client
 * chunk of the chunked protocol ({@link #CHUNK}, its {@code X-Upload-Index}).
 */
@Entity
@Table(name = "upload_parts")
@IdClass(UploadPartEntity.Key.class)
public class UploadPartEntity {
    public static final String PART = "part";
    public static final String CHUNK = "chunk";

    @Id
    @Column(name = "session_id")
    public String sessionId;

    @Id
    public String kind;

    @Id
    public int number;

    public long size;
    public String etag;

    @Column(name = "storage_key")
    public String storageKey;

    public Instant created;

    /** Composite primary key. */
    public static class Key implements Serializable {
        public String sessionId;
        public String kind;
        public int number;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && number == k.number
                    && Objects.equals(sessionId, k.sessionId)
                    && Objects.equals(kind, k.kind);
        }

        @Override
        public int hashCode() {
            return Objects.hash(sessionId, kind, number);
        }
    }
}
