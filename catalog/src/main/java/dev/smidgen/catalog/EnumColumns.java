package dev.smidgen.catalog;

import dev.smidgen.catalog.jobs.JobKind;
import dev.smidgen.catalog.jobs.JobStatus;
import dev.smidgen.catalog.uploads.UploadStatus;
import dev.smidgen.model.ApiGeneration;
import dev.smidgen.model.Kind;
import dev.smidgen.model.TaskKind;
import dev.smidgen.model.TaskStatus;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Locale;

/**
 * Maps the enums of entity fields to the lower-case words their columns have always held
 * ({@code pending}, {@code video}, ...), which are also their wire values: Java code compares enums
 * while the schema, native SQL and old rows stay as they are.
 */
public final class EnumColumns {
    private EnumColumns() {}

    /** The column value of a constant is its lower-case name; null stays null (a file not probed yet has no kind). */
    abstract static class LowerCaseName<E extends Enum<E>> implements AttributeConverter<E, String> {
        private final Class<E> type;

        LowerCaseName(Class<E> type) {
            this.type = type;
        }

        @Override
        public String convertToDatabaseColumn(E value) {
            return value == null ? null : value.name().toLowerCase(Locale.ROOT);
        }

        @Override
        public E convertToEntityAttribute(String column) {
            return column == null ? null : Enum.valueOf(type, column.toUpperCase(Locale.ROOT));
        }
    }

    @Converter
    public static class TaskStatusColumn extends LowerCaseName<TaskStatus> {
        public TaskStatusColumn() {
            super(TaskStatus.class);
        }
    }

    @Converter
    public static class TaskKindColumn extends LowerCaseName<TaskKind> {
        public TaskKindColumn() {
            super(TaskKind.class);
        }
    }

    @Converter
    public static class ApiGenerationColumn extends LowerCaseName<ApiGeneration> {
        public ApiGenerationColumn() {
            super(ApiGeneration.class);
        }
    }

    @Converter
    public static class JobKindColumn extends LowerCaseName<JobKind> {
        public JobKindColumn() {
            super(JobKind.class);
        }
    }

    @Converter
    public static class JobStatusColumn extends LowerCaseName<JobStatus> {
        public JobStatusColumn() {
            super(JobStatus.class);
        }
    }

    @Converter
    public static class KindColumn extends LowerCaseName<Kind> {
        public KindColumn() {
            super(Kind.class);
        }
    }

    @Converter
    public static class UploadStatusColumn extends LowerCaseName<UploadStatus> {
        public UploadStatusColumn() {
            super(UploadStatus.class);
        }
    }
}
