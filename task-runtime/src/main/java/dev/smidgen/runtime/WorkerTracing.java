package dev.smidgen.runtime;

import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.model.tracing.Telemetry;
import dev.smidgen.model.tracing.TraceScope;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.time.Instant;

/**
 * A worker's spans of a task: "process {kind}" (the consumer span, from the claim to the end of the
 * work) and its "claim" child, which ran before the task row said which trace it belongs to and so
 * is recorded afterwards with its real start.
 */
final class WorkerTracing {
    private WorkerTracing() {}

    /**
     * Opens the span of working on {@code task}, child of the message's {@code traceparent}, else of
     * the trace stored with the task, and makes it current (the FFmpeg run and storage writes nest
     * under it); records the claim that started at {@code claimStarted}.
     */
    static TraceScope process(TaskEntity task, String traceparent, String worker, Instant claimStarted) {
        Context parent = Telemetry.parent(traceparent != null ? traceparent : task.traceParent);
        Span span = Telemetry.span("process " + task.kind.wire(), SpanKind.CONSUMER)
                .setParent(parent)
                .setStartTimestamp(claimStarted)
                .setAttribute("smidgen.task.id", task.id)
                .setAttribute("smidgen.task.kind", task.kind.wire())
                .setAttribute("smidgen.task.attempt", task.attempts)
                .setAttribute("smidgen.worker", worker)
                .startSpan();
        Telemetry.span("claim", SpanKind.INTERNAL)
                .setParent(parent.with(span))
                .setStartTimestamp(claimStarted)
                .setAttribute("smidgen.task.id", task.id)
                .startSpan()
                .end();
        return TraceScope.open(span);
    }
}
