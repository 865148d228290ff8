package dev.smidgen.media.transcode;

/**
 * The one table that turns a conversion's {@code quality} (0..1, default {@value #DEFAULT}) into each
 * encoder's own knob. Each row names the knob's value at quality 0, at the default 0.8 and at 1;
 * between those points the value is interpolated linearly and rounded, so every row is monotonic
 * (higher quality never gives a worse setting) and quality outside 0..1 clamps to the ends.
 *
 * <pre>
 * knob                              q=0   q=0.8   q=1   better is
 * H.264 CRF        (mp4, mov)        40     23      18   lower
 * H.265 CRF        (mp4, mov)        40     28      22   lower
 * AV1 CRF (SVT)    (mp4, webm)       55     35      22   lower
 * VP9 CRF          (webm)            50     32      15   lower
 * MPEG-4 -q:v      (avi)             31      4       2   lower
 * AAC kb/s         (mp4, mov, aac)   96    128     192   higher
 * Opus kb/s        (webm, ogg, opus) 48     96     160   higher
 * MP3 CBR kb/s     (avi audio)       96    160     192   higher
 * MP3 VBR -q:a     (mp3)              9      2       0   lower
 * JPEG -q:v                          31      4       2   lower
 * WebP -quality                       0     80     100   higher
 * GIF palette colours                16    256     256   higher
 * AVIF CRF (libaom)                  55     32      18   lower
 * </pre>
 *
 * The knee at 0.8 puts the default exactly on each encoder's well-known sweet spot (x264's CRF 23,
 * x265's 28, SVT-AV1's 35, LAME's V2, WebP's 80) instead of wherever a straight line would land. GIF cannot hold more than 256
 * colours, so quality above the default has nothing left to buy there. An audio file (aac, opus) takes its
 * codec's row in a video, so a quality means the same rate in both: 128 kb/s AAC-LC and 96 kb/s Opus at the
 * default, each codec's usual rate for stereo music, and at {@code very_low} (0.2) 104 and 60 kb/s, inside
 * the 32–320 kb/s an explicit bit rate may ask for. Quality-independent settings:
 * FLAC compression level {@value #FLAC_COMPRESSION_LEVEL} and PNG compression (lossless: the level
 * only trades CPU for size), WAV as 16-bit PCM.
 */
public enum QualityScale {
    H264_CRF(40, 23, 18),
    H265_CRF(40, 28, 22),
    AV1_CRF(55, 35, 22),
    VP9_CRF(50, 32, 15),
    MPEG4_QSCALE(31, 4, 2),
    AAC_KBPS(96, 128, 192),
    OPUS_KBPS(48, 96, 160),
    MP3_CBR_KBPS(96, 160, 192),
    MP3_VBR_QUALITY(9, 2, 0),
    JPEG_QSCALE(31, 4, 2),
    WEBP_QUALITY(0, 80, 100),
    GIF_COLOURS(16, 256, 256),
    AVIF_CRF(55, 32, 18);

    /** The quality a conversion gets when it names none. */
    public static final double DEFAULT = 0.8;
    /**
     * x264 preset: {@code veryfast} encoded a 30 s 640x360 clip in 1.6 s against {@code medium}'s 3.8 s
     * on 2 cores; on camera footage its files run somewhat larger at the same CRF, and the fleet trades
     * that size for throughput.
     */
    public static final String H264_PRESET = "veryfast";
    /**
     * libvpx-vp9 speed: {@code realtime} at cpu-used 6 encoded a 30 s 640x360 clip (with Opus) in ~3 s on
     * 2 cores. {@code good}/5 made 22% smaller files but took 16 s; cpu-used 8 saved ~15% of the time for
     * 16% larger files.
     */
    public static final String VP9_DEADLINE = "realtime";

    public static final int VP9_CPU_USED = 6;
    /**
     * x265 preset: {@code veryfast}, as x264's. HEVC's slower presets cost several times the CPU of
     * x264 at the same preset, and the fleet's cores are shared by every conversion.
     */
    public static final String H265_PRESET = "veryfast";
    /**
     * SVT-AV1 preset (0 slowest … 13 fastest): 10 encoded a 2 s 320x240 clip to 160x120 in about a
     * tenth of a second on 2 cores; AV1 is chosen for its size at a quality, which the lower presets
     * buy at many times the time.
     */
    public static final int AV1_PRESET = 10;
    /**
     * libaom speed for AVIF stills: {@code realtime} usage at cpu-used 8, the fastest setting. One picture
     * is cheap at any speed; the slower settings save a few percent of a file that is already small.
     */
    public static final int AVIF_CPU_USED = 8;

    /** FFmpeg's FLAC default; level 8 is slower and saved under 1% on test audio. */
    public static final int FLAC_COMPRESSION_LEVEL = 5;
    /** zlib's best, with per-row filter choice: ~4% smaller than the default for 0.2 s on a 1080p frame. */
    public static final int PNG_COMPRESSION_LEVEL = 9;

    private final int atZero;
    private final int atDefault;
    private final int atOne;

    QualityScale(int atZero, int atDefault, int atOne) {
        this.atZero = atZero;
        this.atDefault = atDefault;
        this.atOne = atOne;
    }

    /** This knob's value for {@code quality}, clamped to 0..1; NaN counts as {@link #DEFAULT}. */
    public int at(double quality) {
        double q = Double.isNaN(quality) ? DEFAULT : Math.max(0, Math.min(1, quality));
        double value = q <= DEFAULT
                ? atZero + (atDefault - atZero) * (q / DEFAULT)
                : atDefault + (atOne - atDefault) * ((q - DEFAULT) / (1 - DEFAULT));
        return (int) Math.round(value);
    }

    /** Whether a larger value of this knob means better quality (bit rates) rather than worse (CRF, qscale). */
    public boolean higherIsBetter() {
        return atOne > atZero;
    }
}
