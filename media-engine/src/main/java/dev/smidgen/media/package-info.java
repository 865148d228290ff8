/**
 * FFmpeg for Smidgen, run as subprocesses of the binaries bundled by bytedeco.
 *
 * <pre>{@code
 * MediaInput media = MediaInput.file(path);                         // or MediaInput.storeUrl(url, size)
 * ProbeResult probe = Ffprobe.probe(media, taskId);                  // or SmidgenException(UNSUPPORTED_MEDIA)
 * VisualSummary.Summary look = VisualSummary.of(media, probe, taskId); // placeholder + background
 * FfmpegRunner.shared().run(FfmpegInvocation.ffmpeg(args).withProgress(listener, probe.duration()), taskId);
 * }</pre>
 *
 * Every failed FFmpeg run is logged at WARN as {@code <taskId>: ffmpeg failed (exit N): <command>} followed
 * by the stderr tail (the query string of a store URL, its credential, left out of both), and thrown as
 * {@link dev.smidgen.media.process.FfmpegFailure}. Tests of any module can
 * generate real media with {@code dev.smidgen.media.testing.TestMedia} from this module's test-jar.
 */
package dev.smidgen.media;
