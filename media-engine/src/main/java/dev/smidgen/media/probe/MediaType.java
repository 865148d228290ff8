package dev.smidgen.media.probe;

import dev.smidgen.model.Kind;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;

/**
 * How a file is named to clients: container short name, MIME type and the extension for default file
 * names, derived from the demuxer, the MP4 brand and the codecs.
 */
record MediaType(String container, String mimeType, String extension) {
    private static final Set<String> WEBM_VIDEO = Set.of("vp8", "vp9", "av1");
    private static final Set<String> WEBM_AUDIO = Set.of("opus", "vorbis");
    private static final String OGG_OPUS = "audio/ogg; codecs=opus";

    /**
     * @param majorBrand  the MP4/QuickTime {@code major_brand} tag, or null
     * @param primaryCodec the image codec for images; otherwise unused
     * @return the type, or null for an image codec this service does not accept
     */
    static MediaType of(
            Demuxer demuxer,
            Kind kind,
            String majorBrand,
            String primaryCodec,
            Collection<String> videoCodecs,
            Collection<String> audioCodecs) {
        boolean video = kind == Kind.VIDEO;
        return switch (demuxer) {
            case MOV -> mov(video, majorBrand);
            case MATROSKA ->
                isWebm(videoCodecs, audioCodecs)
                        ? new MediaType("webm", video ? "video/webm" : "audio/webm", "webm")
                        : video
                                ? new MediaType("mkv", "video/x-matroska", "mkv")
                                : new MediaType("mka", "audio/x-matroska", "mka");
            case AVI -> new MediaType("avi", "video/x-msvideo", "avi");
            case MPEGTS -> new MediaType("ts", "video/mp2t", "ts");
            case MP3 -> new MediaType("mp3", "audio/mpeg", "mp3");
            case WAV -> new MediaType("wav", "audio/wav", "wav");
            case AIFF -> new MediaType("aiff", "audio/aiff", "aiff");
            case OGG ->
                video
                        ? new MediaType("ogg", "video/ogg", "ogv")
                        // RFC 7845 recommends .opus for audio-only Ogg Opus; the codec in the type is what
                        // browsers' canPlayType answers "probably" to (dev.smidgen.model.convert.OutputFormat#OPUS).
                        : audioCodecs.stream().allMatch("opus"::equals)
                                ? new MediaType("ogg", OGG_OPUS, "opus")
                                : new MediaType("ogg", "audio/ogg", "ogg");
            case FLAC -> new MediaType("flac", "audio/flac", "flac");
            case AAC -> new MediaType("aac", "audio/aac", "aac");
            case PNG, APNG, JPEG, WEBP, GIF, BMP, TIFF, IMAGE2 -> image(demuxer, primaryCodec);
        };
    }

    private static MediaType mov(boolean video, String majorBrand) {
        String brand = majorBrand == null ? "" : majorBrand.trim().toLowerCase(Locale.ROOT);
        if (brand.equals("avif") && !video) {
            return new MediaType("avif", "image/avif", "avif");
        }
        if (brand.equals("qt")) {
            return new MediaType("mov", "video/quicktime", "mov");
        }
        if (brand.startsWith("3g")) {
            return video ? new MediaType("3gp", "video/3gpp", "3gp") : new MediaType("3gp", "audio/3gpp", "3gp");
        }
        return video ? new MediaType("mp4", "video/mp4", "mp4") : new MediaType("m4a", "audio/mp4", "m4a");
    }

    private static boolean isWebm(Collection<String> videoCodecs, Collection<String> audioCodecs) {
        return WEBM_VIDEO.containsAll(videoCodecs) && WEBM_AUDIO.containsAll(audioCodecs);
    }

    /** Each image demuxer must carry its own codec; image2 may carry any accepted one. */
    private static MediaType image(Demuxer demuxer, String codec) {
        MediaType type = switch (codec == null ? "" : codec) {
            case "png" -> new MediaType("png", "image/png", "png");
            case "apng" -> new MediaType("apng", "image/apng", "apng");
            case "mjpeg" -> new MediaType("jpeg", "image/jpeg", "jpg");
            case "webp" -> new MediaType("webp", "image/webp", "webp");
            case "gif" -> new MediaType("gif", "image/gif", "gif");
            case "bmp" -> new MediaType("bmp", "image/bmp", "bmp");
            case "tiff" -> new MediaType("tiff", "image/tiff", "tiff");
            default -> null;
        };
        if (type == null || demuxer == Demuxer.IMAGE2) {
            return type;
        }
        Demuxer expected = switch (type.container()) {
            case "png" -> Demuxer.PNG;
            case "apng" -> Demuxer.APNG;
            case "jpeg" -> Demuxer.JPEG;
            case "webp" -> Demuxer.WEBP;
            case "gif" -> Demuxer.GIF;
            case "bmp" -> Demuxer.BMP;
            default -> Demuxer.TIFF;
        };
        return expected == demuxer ? type : null;
    }
}
