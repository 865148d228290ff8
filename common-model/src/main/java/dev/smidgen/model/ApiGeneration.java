package dev.smidgen.model;

/**
 * The two generations of the ittybit API that Smidgen serves side by side (docs/api/jobs.md): one
 * domain model, two shapes. A task remembers the generation it was asked for in, and is served in
 * that generation's shape.
 */
public enum ApiGeneration {
    /** The 2025-08-20 API: files, media, sources and conversion tasks, ISO times, {@code {code, message}} errors. */
    FILES,
    /** The jobs generation: jobs and step tasks, bare resources, Unix-millisecond times, {@code {kind, message}} errors. */
    JOBS
}
