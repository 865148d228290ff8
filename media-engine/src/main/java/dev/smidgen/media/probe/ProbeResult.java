package dev.smidgen.media.probe;

import dev.smidgen.model.Kind;
import dev.smidgen.model.probe.ProbedFacts;

/**
 * What ffprobe learned about a file, in the API's terms (docs/api/media-and-files.md#file-fields).
 *
 * @param kind         video, audio or image
 * @param mimeType     e.g. {@code video/mp4}, {@code audio/mpeg}, {@code image/png}
 * @param extension    for default file names, without the dot: {@code mp4}, {@code m4a}, {@code jpg}, ...
 * @param container    short container name: {@code mp4}, {@code mov}, {@code webm}, {@code mkv}, {@code png}, ...
 * @param codec        the primary stream's codec as FFmpeg names it: the video codec of a video, the audio
 *                     codec of an audio file, the image codec of an image ({@code h264}, {@code mp3}, {@code mjpeg})
 * @param audioCodec   the first audio stream's codec, or null without audio
 * @param width        display width (after rotation), null for audio
 * @param height       display height (after rotation), null for audio
 * @param duration     seconds; null for still images
 * @param fps          frames per second, rounded to 3 decimals; null for audio and still images
 * @param bitrate      overall bits per second, null when unknown and for still images
 * @param filesize     bytes
 * @param rotation     clockwise degrees a player turns the stored picture (0, 90, 180 or 270), as the
 *                     legacy {@code rotate} tag; ffprobe's display-matrix angle is counter-clockwise
 * @param orientation  {@code landscape}, {@code portrait} or {@code square} as displayed; null for audio
 * @param hasVideo     has a moving-picture stream (cover art and images do not count)
 * @param hasAudio     has an audio stream
 * @param transparency the picture's pixel format carries alpha
 * @param animated     an image with more than one frame (GIF, APNG)
 * @param frames       the primary picture stream's frame count when the container states it, else null
 */
public record ProbeResult(
        Kind kind,
        String mimeType,
        String extension,
        String container,
        String codec,
        String audioCodec,
        Integer width,
        Integer height,
        Double duration,
        Double fps,
        Long bitrate,
        long filesize,
        int rotation,
        String orientation,
        boolean hasVideo,
        boolean hasAudio,
        boolean transparency,
        boolean animated,
        Long frames) {

    /** The facts a File row stores and the upload, automation and conversion rules test. */
    public ProbedFacts facts() {
        return new ProbedFacts(
                kind,
                mimeType,
                container,
                codec,
                hasAudio,
                width,
                height,
                duration,
                fps,
                bitrate,
                filesize,
                orientation,
                rotation,
                transparency,
                animated,
                frames);
    }
}
