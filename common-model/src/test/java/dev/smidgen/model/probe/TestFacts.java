package dev.smidgen.model.probe;

import dev.smidgen.model.Kind;

/** Probed facts for tests that read only some of them; every other fact is null. */
public final class TestFacts {
    private TestFacts() {}

    /** The facts upload conditions and automation triggers test. */
    public static ProbedFacts of(
            Kind kind, String mimeType, Long filesize, Integer width, Integer height, Double duration) {
        return new ProbedFacts(
                kind, mimeType, null, null, null, width, height, duration, null, null, filesize, null, null, null, null,
                null);
    }

    /** The facts a conversion check reads. */
    public static ProbedFacts of(Kind kind, Integer width, Integer height, Double duration, Boolean hasAudio) {
        return new ProbedFacts(
                kind, null, null, null, hasAudio, width, height, duration, null, null, null, null, null, null, null,
                null);
    }
}
