package dev.smidgen.api.sources;

import dev.smidgen.catalog.tasks.ConversionTasks;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.contract.http.JsonBody;
import dev.smidgen.model.Kind;
import dev.smidgen.model.TaskKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** A conversion from a request body, shared by {@code POST /tasks} and {@code POST /sources}. */
@ApplicationScoped
public class Conversions {
    @Inject
    ConversionTasks tasks;

    /** Creates the conversion task that {@code body} asks for; {@code kind} is video, audio or image. */
    public TaskEntity create(String projectId, TaskKind kind, JsonBody body) {
        return tasks.create(projectId, ConversionBody.parse(body, Kind.fromWire(kind.wire())));
    }
}
