package dev.smidgen.media.transcode;

import dev.smidgen.media.FfmpegCommands;
import dev.smidgen.media.MediaInput;
import dev.smidgen.model.Kind;
import dev.smidgen.model.convert.ConversionCheck;
import dev.smidgen.model.convert.OutputFormat;
import dev.smidgen.model.convert.VideoCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ffmpeg argument list (without the executable) of one conversion. Pure, so every format's exact
 * command is unit-tested. The input is read like every input of this module ({@link FfmpegCommands}: a
 * local file or a store URL, allow-listed protocols and demuxers); metadata and chapters are dropped,
 * and the muxer is named explicitly so the output's file name never decides its format. Progress flags
 * are not here: the runner adds {@code -progress pipe:1 -nostats} when a listener is attached.
 *
 * <p>Encoders (all present in bytedeco's GPL build, checked with {@code ffmpeg -encoders}):
 * <pre>
 * mp4, mov   libx264 (default) or libx265 (tagged hvc1) + aac, yuv420p, +faststart; mp4 also libsvtav1
 * webm       libvpx-vp9 (CRF mode, -b:v 0; default) or libsvtav1 + libopus
 * avi        mpeg4 (Xvid tag) + libmp3lame CBR
 * mp3        libmp3lame VBR      wav   pcm_s16le     ogg   libopus (no libvorbis in the build)
 * flac       flac                aac   aac (FFmpeg's native AAC-LC) in an M4A, +faststart
 * opus       libopus in Ogg (the opus muxer), 48 kHz as ogg
 * jpeg       mjpeg (yuvj420p: full-range 4:2:0), transparency laid over white
 * png        png                 webp  libwebp       gif   gif with a per-output palette
 * avif       libaom-av1 still picture (realtime, cpu-used 8), laid over white like jpeg
 * </pre>
 */
public final class TranscodeArgs {
    /** Length of an animated GIF made from a video. */
    public static final double GIF_CLIP_SECONDS = ConversionCheck.ANIMATION_CLIP_SECONDS;
    /** Frame rate of an animated GIF: GIF delays are in 1/100 s, and 10 fps keeps files small. */
    public static final int GIF_FPS = ConversionCheck.ANIMATION_FPS;
    /** Default frame of a video for an image output, when the video is at least twice as long. */
    public static final double DEFAULT_FRAME_SECONDS = 1.0;
    /** How far before the stated end a frame is taken at the latest: a seek to the very end finds no frame. */
    static final double END_MARGIN_SECONDS = 0.1;
    /** libopus' highest bit rate for one channel (it refuses more on a mono input). */
    static final long OPUS_MAX_BITRATE = 256_000;
    /** Opus's own rate: decoders always output 48 kHz, whatever the Ogg header says the input was. */
    static final String OPUS_SAMPLE_RATE = "48000";

    private TranscodeArgs() {}

    /**
     * @param inputDuration the input's duration in seconds; null (or not positive) for a still image,
     *                      which is then converted as one frame with no seeking
     * @throws IllegalArgumentException for a local input name FFmpeg would misread (see {@link FfmpegCommands#input})
     */
    public static List<String> build(MediaInput input, Path output, TranscodeSpec spec, Double inputDuration) {
        return build(input, output, spec, inputDuration, 0);
    }

    /**
     * {@link #build(MediaInput, Path, TranscodeSpec, Double)} with at most {@code threads} decoder, encoder
     * and filter threads each (0: FFmpeg's default, about one per core, which on a big machine multiplies
     * every task's buffers by the core count).
     */
    public static List<String> build(
            MediaInput input, Path output, TranscodeSpec spec, Double inputDuration, int threads) {
        return build(input, output, spec, inputDuration, threads, false);
    }

    /**
     * The audio track alone of a video conversion, in a Matroska file: the same input, seek, clip and
     * audio encoder as {@link #build} gives the video format's audio, so a video encoded apart (in
     * segments, {@code dev.smidgen.media.transcode.segment}) joins with exactly the audio the whole
     * conversion would have had. Matroska holds every audio codec a video format takes (AAC, Opus, MP3)
     * with its encoder delay, which a remux into the final container keeps.
     */
    public static List<String> audioTrack(
            MediaInput input, Path output, TranscodeSpec spec, Double inputDuration, int threads) {
        if (spec.format().kind() != Kind.VIDEO || !spec.hasAudio()) {
            throw new IllegalArgumentException("an audio track is taken from a video conversion with audio");
        }
        return build(input, output, spec, inputDuration, threads, true);
    }

    private static List<String> build(
            MediaInput input, Path output, TranscodeSpec spec, Double inputDuration, int threads, boolean audioOnly) {
        List<String> args = new ArrayList<>(FfmpegCommands.common(input.logLevel()));
        args.add("-y");
        if (threads > 0) {
            // Filters, and (an input option) the decoder, which FFmpeg would otherwise give a thread per core.
            args.addAll(List.of("-filter_threads", Integer.toString(threads), "-threads", Integer.toString(threads)));
        }
        Double start = spec.format().kind() == Kind.IMAGE ? frameSeconds(spec, inputDuration) : clipStart(spec);
        if (start != null && start > 0) {
            // Before -i: the demuxer jumps to the nearest keyframe instead of decoding everything up to it
            // (and ffmpeg still decodes from there to the exact time).
            args.addAll(List.of("-ss", seconds(start)));
        }
        args.addAll(input.inputOptions());
        args.addAll(List.of("-i", input.ffmpegInput()));
        switch (spec.format().kind()) {
            case VIDEO -> {
                if (audioOnly) {
                    args.addAll(List.of("-vn", "-map", "0:a:0"));
                    args.addAll(videoAudioCodec(spec));
                } else {
                    video(args, spec);
                }
            }
            case AUDIO -> audio(args, spec);
            case IMAGE -> image(args, spec, inputDuration);
        }
        Double clip = spec.format().kind() == Kind.IMAGE ? null : clipSeconds(spec, inputDuration);
        if (spec.encoding().end() != null && clip != null) {
            // An output option: the length of what is written, counted from the start sought to above.
            args.addAll(List.of("-t", seconds(clip)));
        }
        if (threads > 0) {
            args.addAll(List.of("-threads", Integer.toString(threads)));
        }
        args.addAll(outputFile(audioOnly ? "matroska" : muxer(spec.format()), output));
        return args;
    }

    /**
     * The end of every conversion's command: metadata and chapters dropped, the muxer named so that the
     * file's name never decides its format, and the file.
     */
    public static List<String> outputFile(String muxer, Path output) {
        return List.of("-map_metadata", "-1", "-map_chapters", "-1", "-f", muxer, FfmpegCommands.output(output));
    }

    /**
     * Where an image output is taken from a timed input, in seconds: {@code spec.frameAt()}, or by
     * default min({@value #DEFAULT_FRAME_SECONDS} s, duration / 2), which is past a fade-in from black
     * yet inside even the shortest clip. For an animated GIF this is where its clip starts, and the
     * default start moves earlier when needed so that the whole clip fits. A time at or past the end
     * becomes {@value #END_MARGIN_SECONDS} s before it, which holds a frame at any rate from 10 fps up.
     *
     * @return null for audio and video outputs and for still inputs (nothing to seek in)
     */
    public static Double frameSeconds(TranscodeSpec spec, Double inputDuration) {
        if (spec.format().kind() != Kind.IMAGE || !isTimed(inputDuration)) {
            return null;
        }
        double at;
        if (spec.frameAt() != null) {
            at = spec.frameAt();
        } else if (spec.encoding().end() != null && spec.encoding().animates(spec.format())) {
            at = 0; // a clip to an end, with no start: from the beginning
        } else {
            at = Math.min(DEFAULT_FRAME_SECONDS, inputDuration / 2);
            if (spec.encoding().animates(spec.format())) {
                at = Math.min(at, Math.max(0, inputDuration - GIF_CLIP_SECONDS));
            }
        }
        return Math.min(at, Math.max(0, inputDuration - END_MARGIN_SECONDS));
    }

    /**
     * Seconds of media the output will hold, which progress fractions are relative to: the input's
     * duration for audio and video, the clip's length for an animated GIF, null for a single image.
     */
    public static Double outputSeconds(TranscodeSpec spec, Double inputDuration) {
        if (spec.format().kind() != Kind.IMAGE) {
            return isTimed(inputDuration) ? clipSeconds(spec, inputDuration) : null;
        }
        return isAnimation(spec, inputDuration) ? animationSeconds(spec, inputDuration) : null;
    }

    /** Where a video or audio output starts in its input: the request's {@code start}, else null (the beginning). */
    public static Double clipStart(TranscodeSpec spec) {
        return spec.format().kind() == Kind.IMAGE ? null : spec.frameAt();
    }

    /**
     * Seconds of input a video or audio output covers: from its start (or 0) to its {@code end} (or the
     * input's end); null for an untimed input.
     */
    public static Double clipSeconds(TranscodeSpec spec, Double inputDuration) {
        if (!isTimed(inputDuration)) {
            return null;
        }
        double from = spec.frameAt() == null ? 0 : spec.frameAt();
        double to = spec.encoding().end() == null
                ? inputDuration
                : Math.min(spec.encoding().end(), inputDuration);
        return Math.max(0, to - from);
    }

    /**
     * Whether an image output is an animation: a GIF, or a WebP asked for with an {@code end} or
     * {@code fps}, from a timed input whose clip lasts at least one frame. A shorter one, such as a
     * one-frame video of 0.04 s, gives the fps filter no frame to emit, and the GIF muxer then fails on
     * its empty file ("Error writing trailer"): it is taken as a single picture instead.
     */
    public static boolean isAnimation(TranscodeSpec spec, Double inputDuration) {
        return spec.encoding().animates(spec.format())
                && isTimed(inputDuration)
                // The tolerance keeps a clip of exactly one frame (a start 0.1 s before the end) animated.
                && animationSeconds(spec, inputDuration) >= 1.0 / animationFps(spec) - 1e-6;
    }

    /** The frame rate of an animation: the request's {@code fps}, else {@value #GIF_FPS}. */
    static double animationFps(TranscodeSpec spec) {
        return spec.encoding().fps() != null ? spec.encoding().fps() : GIF_FPS;
    }

    private static void video(List<String> args, TranscodeSpec spec) {
        // 0:V skips cover art (an attached picture), which 0:v could pick over the real video.
        args.addAll(List.of("-map", "0:V:0"));
        if (spec.hasAudio()) {
            args.addAll(List.of("-map", "0:a:0?"));
        }
        args.addAll(List.of("-vf", videoFilter(spec)));
        args.addAll(videoEncoder(spec, ""));
        if (spec.hasAudio()) {
            args.addAll(videoAudioCodec(spec));
        } else {
            args.add("-an");
        }
        if (spec.format() == OutputFormat.MP4 || spec.format() == OutputFormat.MOV) {
            // Index first, so players start before the whole file has arrived. Same muxer for mov.
            args.addAll(List.of("-movflags", "+faststart"));
        }
    }

    /**
     * The filter chain from the decoded picture to a video output's frames: its box
     * ({@link Geometry}) and, when asked for, its frame rate. Timing is changed by the fps filter only.
     */
    public static String videoFilter(TranscodeSpec spec) {
        // 4:2:0 chroma needs even dimensions; an odd one (a rounding slip upstream) would fail the encoder.
        String filters = Geometry.filter(even(spec.width()), even(spec.height()), spec.encoding(), true);
        if (spec.encoding().fps() != null) {
            filters += ",fps=" + number(spec.encoding().fps());
        }
        return filters;
    }

    /**
     * The video encoder and its settings for a video output: codec, quality, bit-rate cap and pixel
     * format. Shared by the whole conversion and every segment of a split one.
     *
     * @param x265Params settings appended to libx265's {@code -x265-params} (colon-separated), "" for
     *                   none: the option takes one value, so a caller cannot add a second one
     * @throws IllegalArgumentException when the format cannot hold the requested codec
     */
    public static List<String> videoEncoder(TranscodeSpec spec, String x265Params) {
        List<String> args = new ArrayList<>();
        double q = spec.quality();
        VideoCodec codec = videoCodec(spec);
        Long bitrate = spec.encoding().bitrate();
        switch (codec) {
            case H264 -> {
                args.addAll(List.of(
                        "-c:v",
                        "libx264",
                        "-preset",
                        QualityScale.H264_PRESET,
                        "-crf",
                        Integer.toString(QualityScale.H264_CRF.at(q)),
                        "-pix_fmt",
                        "yuv420p"));
                capped(args, bitrate);
            }
            case H265 -> {
                args.addAll(List.of(
                        "-c:v",
                        "libx265",
                        "-preset",
                        QualityScale.H265_PRESET,
                        "-crf",
                        Integer.toString(QualityScale.H265_CRF.at(q)),
                        "-pix_fmt",
                        "yuv420p",
                        // Apple's players only play HEVC tagged hvc1 (parameter sets in the sample entry), not hev1.
                        "-tag:v",
                        "hvc1",
                        // x265 logs every setting at info level, which would push FFmpeg's own errors out of the tail.
                        "-x265-params",
                        "log-level=error" + (x265Params.isEmpty() ? "" : ":" + x265Params)));
                capped(args, bitrate);
            }
            case VP9 -> {
                args.addAll(List.of(
                        "-c:v",
                        "libvpx-vp9",
                        "-crf",
                        Integer.toString(QualityScale.VP9_CRF.at(q)),
                        // -b:v 0 makes -crf constant quality; a bit rate there makes it constrained quality, the cap.
                        "-b:v",
                        bitrate == null ? "0" : Long.toString(bitrate),
                        "-deadline",
                        QualityScale.VP9_DEADLINE,
                        "-cpu-used",
                        Integer.toString(QualityScale.VP9_CPU_USED),
                        "-row-mt",
                        "1",
                        "-pix_fmt",
                        "yuv420p"));
            }
            case AV1 -> {
                args.addAll(List.of(
                        "-c:v",
                        "libsvtav1",
                        "-preset",
                        Integer.toString(QualityScale.AV1_PRESET),
                        "-crf",
                        Integer.toString(QualityScale.AV1_CRF.at(q)),
                        "-pix_fmt",
                        "yuv420p"));
                capped(args, bitrate);
            }
            case MPEG4 -> {
                // FFmpeg's own FourCC (FMP4) is unknown to many standalone players; the stream is Xvid-compatible.
                args.addAll(List.of(
                        "-c:v", "mpeg4", "-q:v", Integer.toString(QualityScale.MPEG4_QSCALE.at(q)), "-tag:v", "XVID"));
                capped(args, bitrate);
            }
        }
        return args;
    }

    /**
     * The video codec of a video output: the requested one or the format's default.
     *
     * @throws IllegalArgumentException when the format cannot hold it
     */
    public static VideoCodec videoCodec(TranscodeSpec spec) {
        VideoCodec codec = VideoCodec.resolve(spec.format(), spec.encoding().codec());
        if (!VideoCodec.allowedIn(spec.format()).contains(codec)) {
            throw new IllegalArgumentException(spec.format().wire() + " cannot hold " + codec.wire());
        }
        return codec;
    }

    /** The audio encoder of a video output's sound track. */
    static List<String> videoAudioCodec(TranscodeSpec spec) {
        double q = spec.quality();
        return switch (spec.format()) {
            case MP4, MOV -> List.of("-c:a", "aac", "-b:a", kbps(QualityScale.AAC_KBPS.at(q)));
            case WEBM -> List.of("-c:a", "libopus", "-b:a", kbps(QualityScale.OPUS_KBPS.at(q)));
            // Constant bit rate: AVI's index assumes fixed-size audio frames, and VBR MP3 drifts in some players.
            case AVI -> List.of("-c:a", "libmp3lame", "-b:a", kbps(QualityScale.MP3_CBR_KBPS.at(q)));
            default -> throw new IllegalArgumentException("not a video format: " + spec.format());
        };
    }

    /**
     * A bit-rate cap on a quality-driven encode: the encoder keeps its CRF (or quantiser) but its rate
     * control holds the rate under {@code bitrate} over a buffer of two seconds at that rate.
     */
    private static void capped(List<String> args, Long bitrate) {
        if (bitrate != null) {
            args.addAll(List.of("-maxrate", Long.toString(bitrate), "-bufsize", Long.toString(2 * bitrate)));
        }
    }

    private static void audio(List<String> args, TranscodeSpec spec) {
        args.addAll(List.of("-vn", "-map", "0:a:0"));
        double q = spec.quality();
        Long bitrate = spec.encoding().bitrate();
        args.addAll(
                switch (spec.format()) {
                    // A bit rate asked for makes MP3 constant-rate at it; otherwise VBR by quality.
                    case MP3 ->
                        bitrate != null
                                ? List.of("-c:a", "libmp3lame", "-b:a", Long.toString(bitrate))
                                : List.of(
                                        "-c:a",
                                        "libmp3lame",
                                        "-q:a",
                                        Integer.toString(QualityScale.MP3_VBR_QUALITY.at(q)));
                    case WAV -> List.of("-c:a", "pcm_s16le");
                    case OGG, OPUS -> opus(bitrate, q);
                    // The quality's rate, or the one asked for: FFmpeg's AAC encoder is ABR, near the rate it is given.
                    case AAC ->
                        List.of(
                                "-c:a",
                                "aac",
                                "-b:a",
                                bitrate != null ? Long.toString(bitrate) : kbps(QualityScale.AAC_KBPS.at(q)),
                                // Index first, as for mp4: a player starts before the whole file has arrived.
                                "-movflags",
                                "+faststart");
                    case FLAC ->
                        List.of(
                                "-c:a",
                                "flac",
                                "-compression_level",
                                Integer.toString(QualityScale.FLAC_COMPRESSION_LEVEL));
                    default -> throw new IllegalArgumentException("not an audio format: " + spec.format());
                });
    }

    /**
     * libopus for an audio file (ogg, opus). At 48 kHz, the rate every Opus decoder outputs: libopus takes
     * only 48, 24, 16, 12 and 8 kHz, and naming it keeps a 44.1 or 22.05 kHz input from depending on which of
     * those FFmpeg's negotiation picks. A bit rate asked for is held as constrained VBR: libopus' default
     * (unconstrained) VBR came out 25% over 32 kb/s and 15% over 128 kb/s on a 3 s tone, where constrained
     * stays within 6%. libopus refuses more than {@value #OPUS_MAX_BITRATE} b/s a channel, so a higher rate
     * asked for (the API takes up to 320,000) is encoded at that ceiling instead of failing on a mono input.
     */
    private static List<String> opus(Long bitrate, double quality) {
        if (bitrate == null) {
            return List.of(
                    "-c:a", "libopus", "-b:a", kbps(QualityScale.OPUS_KBPS.at(quality)), "-ar", OPUS_SAMPLE_RATE);
        }
        return List.of(
                "-c:a",
                "libopus",
                "-b:a",
                Long.toString(Math.min(bitrate, OPUS_MAX_BITRATE)),
                "-vbr",
                "constrained",
                "-ar",
                OPUS_SAMPLE_RATE);
    }

    private static void image(List<String> args, TranscodeSpec spec, Double inputDuration) {
        args.addAll(List.of("-map", "0:V:0"));
        String scale = Geometry.filter(spec.width(), spec.height(), spec.encoding(), false);
        double q = spec.quality();
        boolean animated = isAnimation(spec, inputDuration);
        String fps = animated ? "fps=" + number(animationFps(spec)) + "," : "";
        if (spec.format() == OutputFormat.GIF) {
            if (animated) {
                args.addAll(List.of("-t", seconds(animationSeconds(spec, inputDuration))));
            } else {
                args.addAll(List.of("-frames:v", "1"));
            }
            // A palette made for this very picture (one graph: split feeds palettegen and paletteuse) instead
            // of the encoder's fixed 8-bit colour cube, which bands every gradient.
            String palette = "split[frames][sample];[sample]palettegen=max_colors=" + QualityScale.GIF_COLOURS.at(q)
                    + "[palette];[frames][palette]paletteuse";
            args.addAll(List.of("-vf", fps + scale + "," + palette, "-c:v", "gif", "-loop", "0"));
            return;
        }
        if (animated) {
            // An animated WebP: every frame a full picture, encoded lossy at the quality, looping forever.
            args.addAll(List.of(
                    "-t",
                    seconds(animationSeconds(spec, inputDuration)),
                    "-vf",
                    fps + scale,
                    "-c:v",
                    "libwebp_anim",
                    "-quality",
                    Integer.toString(QualityScale.WEBP_QUALITY.at(q)),
                    "-loop",
                    "0"));
            return;
        }
        args.addAll(List.of(
                "-frames:v",
                "1",
                "-vf",
                // JPEG has no alpha; an AVIF here neither (its alpha would be a second image item).
                spec.format() == OutputFormat.JPEG || spec.format() == OutputFormat.AVIF
                        ? overWhite(scale, spec.width(), spec.height())
                        : scale));
        args.addAll(
                switch (spec.format()) {
                    // Full-range 4:2:0, as JPEG files are. The deprecated yuvj420p rather than yuv420p + -color_range
                    // pc:
                    // the same bytes, but the latter cannot open the encoder when no frame arrives (a seek past the
                    // end).
                    case JPEG ->
                        List.of(
                                "-c:v",
                                "mjpeg",
                                "-q:v",
                                Integer.toString(QualityScale.JPEG_QSCALE.at(q)),
                                "-pix_fmt",
                                "yuvj420p",
                                "-update",
                                "1");
                    case PNG ->
                        List.of(
                                "-c:v",
                                "png",
                                "-pred",
                                "mixed",
                                "-compression_level",
                                Integer.toString(QualityScale.PNG_COMPRESSION_LEVEL),
                                "-update",
                                "1");
                    case WEBP ->
                        List.of("-c:v", "libwebp", "-quality", Integer.toString(QualityScale.WEBP_QUALITY.at(q)));
                    // One AV1 intra frame (still-picture: an AVIF image item, not a sequence) at libaom's fastest.
                    case AVIF ->
                        List.of(
                                "-c:v",
                                "libaom-av1",
                                "-still-picture",
                                "1",
                                "-usage",
                                "realtime",
                                "-cpu-used",
                                Integer.toString(QualityScale.AVIF_CPU_USED),
                                "-crf",
                                Integer.toString(QualityScale.AVIF_CRF.at(q)),
                                "-pix_fmt",
                                "yuv420p");
                    default -> throw new IllegalArgumentException("not an image format: " + spec.format());
                });
    }

    /**
     * The picture laid over white: JPEG has no transparency, and dropping the alpha channel would show
     * whatever colour transparent pixels hide (often black), where a browser shows the page behind them.
     * An opaque picture comes out as it went in.
     */
    private static String overWhite(String scaled, int width, int height) {
        return scaled + ",format=rgba[picture];color=c=white:s=" + width + "x" + height
                + "[background];[background][picture]overlay=shortest=1";
    }

    /**
     * Seconds of an animation: from its start to its {@code end}, or {@value #GIF_CLIP_SECONDS} s, within the
     * input. Always positive: the start stays before the input's end (see frameSeconds).
     */
    static double animationSeconds(TranscodeSpec spec, double inputDuration) {
        double from = frameSeconds(spec, inputDuration);
        Double end = spec.encoding().end();
        double to = end != null ? Math.min(end, inputDuration) : Math.min(from + GIF_CLIP_SECONDS, inputDuration);
        return Math.max(0, to - from);
    }

    /** The muxer: single images through image2 with {@code -update 1}, which writes exactly the named file. */
    public static String muxer(OutputFormat format) {
        return switch (format) {
            case MP4 -> "mp4";
            case MOV -> "mov";
            case WEBM -> "webm";
            case AVI -> "avi";
            case MP3 -> "mp3";
            case WAV -> "wav";
            case OGG -> "ogg";
            case FLAC -> "flac";
            // ipod is FFmpeg's M4A muxer (brand "M4A "), the mp4 muxer restricted to what an .m4a holds.
            case AAC -> "ipod";
            // Ogg restricted to Opus, with the .opus defaults of RFC 7845 (the same pages as ogg writes).
            case OPUS -> "opus";
            case JPEG, PNG -> "image2";
            case WEBP -> "webp";
            case GIF -> "gif";
            case AVIF -> "avif";
            // Many files from one run: dev.smidgen.media.transcode.hls.HlsPackager makes it, never this class.
            case HLS -> throw new IllegalArgumentException("an HLS package is made by HlsPackager");
        };
    }

    static int even(int pixels) {
        return Math.max(2, pixels - pixels % 2);
    }

    private static boolean isTimed(Double duration) {
        return duration != null && duration > 0;
    }

    private static String kbps(int kbps) {
        return kbps + "k";
    }

    /** A frame rate as FFmpeg reads it: whole numbers plain, others with up to three decimals. */
    static String number(double value) {
        return value == Math.rint(value)
                ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.3f", value).replaceAll("0+$", "");
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds);
    }
}
