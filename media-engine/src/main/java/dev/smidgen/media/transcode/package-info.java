/**
 * Conversions: one input file to one {@link dev.smidgen.model.convert.OutputFormat}, run by the bundled ffmpeg.
 *
 * <pre>{@code
 * TranscodeSpec spec = new TranscodeSpec(OutputFormat.MP4, 1280, 720, QualityScale.DEFAULT, null, probe.hasAudio());
 * MediaInput input = MediaInput.file(path);       // or MediaInput.storeUrl(presignedUrl, size)
 * TranscodeResult result = Transcoder.shared().run(input, staged.file(), workDir, spec, probe.duration(),
 *         Duration.ofMinutes(30), progress -> report(progress.fraction()), taskId);
 * // result.output() is staged.file(), written once
 * }</pre>
 *
 * {@link dev.smidgen.media.transcode.TranscodeArgs} builds the exact command (pure, unit-tested);
 * {@link dev.smidgen.media.transcode.QualityScale} is the one table from quality to each encoder's setting.
 */
package dev.smidgen.media.transcode;
