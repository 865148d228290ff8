package dev.smidgen.catalog.segments;

/**
 * What one segment child of a split conversion encodes, as its {@code segment} column holds it: a time
 * range of the input's video, or (with {@code audio}) the whole audio track.
 *
 * @param index      the range's place in the output, from 0; null for the audio track
 * @param start      the first time the range owns, in seconds on the input's timeline; null for "from the
 *                   input's beginning" (the first range of an unclipped conversion) and the audio track
 * @param end        the first time it no longer owns; null for "to the end" (the last range) and the audio
 * @param decodeFrom the keyframe decoding starts at; null for the input's beginning and the audio track
 * @param audio      true for the audio track, which is encoded once for the whole input
 * @param weight the child's share of the parent's progress: the seconds of video it encodes (the audio
 *               track counts a fraction of the input's length, as it takes a fraction of the time)
 */
public record SegmentPiece(Integer index, Double start, Double end, Double decodeFrom, Boolean audio, double weight) {
    public static SegmentPiece video(int index, Double start, Double end, Double decodeFrom, double weight) {
        return new SegmentPiece(index, start, end, decodeFrom, null, weight);
    }

    public static SegmentPiece audioTrack(double weight) {
        return new SegmentPiece(null, null, null, null, true, weight);
    }

    public boolean encodesAudio() {
        return Boolean.TRUE.equals(audio);
    }

    /** The name of the piece's object under the parent's prefix ({@link SegmentTasks#prefix}). */
    public String objectName(String extension) {
        return encodesAudio() ? "audio." + extension : String.format("v%05d.%s", index, extension);
    }
}
