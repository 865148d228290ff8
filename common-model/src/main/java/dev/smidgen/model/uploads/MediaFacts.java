package dev.smidgen.model.uploads;

/**
 * The probed facts of an uploaded file that upload conditions are checked against; a fact the
 * file does not have, or that could not be read (the width of audio), is null.
 */
public record MediaFacts(String kind, String mimeType, Long filesize, Integer width, Integer height, Double duration) {
}
