package dev.smidgen.model.convert;

import dev.smidgen.model.Kind;

/**
 * What a conversion needs to know about its input, from the stored probe facts.
 *
 * @param hasAudio whether the input has an audio stream; null when it was stored before Smidgen
 *                 recorded it (then the worker finds out, and fails cleanly if there is none)
 */
public record SourceFacts(Kind kind, Integer width, Integer height, Double duration, Boolean hasAudio) {
}
