package dev.smidgen.media.process;

/** The two bundled FFmpeg executables this module runs. */
public enum Tool {
    FFMPEG("ffmpeg"),
    FFPROBE("ffprobe");

    private final String executableName;

    Tool(String executableName) {
        this.executableName = executableName;
    }

    /** The executable's file name, also used as its name in logs and error messages. */
    public String executableName() {
        return executableName;
    }
}
