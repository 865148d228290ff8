package dev.smidgen.catalog.jobs;

import dev.smidgen.catalog.connections.BucketObject;
import dev.smidgen.catalog.tasks.ConversionRequest;
import java.util.Map;

/**
 * A checked {@code POST /jobs} (docs/api/jobs.md): where the input comes from, the conversion that
 * makes the output, and where the output goes.
 *
 * @param input      the input URL as the client wrote it
 * @param source     the input in the user's own bucket, or null when {@code conversion} names a URL
 * @param conversion the conversion of the encode step (its {@code url} set for an http(s) input)
 * @param output     the export destination, or null to keep the result in Smidgen
 * @param options    the options as given, shown back on the job
 */
public record JobRequest(
        JobKind kind,
        String input,
        BucketObject source,
        ConversionRequest conversion,
        BucketObject output,
        Map<String, Object> options,
        Map<String, Object> metadata) {}
