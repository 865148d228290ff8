package dev.smidgen.api.jobs;

import dev.smidgen.api.sources.ConversionBody;
import dev.smidgen.catalog.connections.BucketObject;
import dev.smidgen.catalog.jobs.JobKind;
import dev.smidgen.catalog.jobs.JobRequest;
import dev.smidgen.catalog.tasks.ConversionRequest;
import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.convert.ConversionCheck;
import dev.smidgen.model.convert.OutputFormat;
import dev.smidgen.model.net.SourceUrl;
import dev.smidgen.web.http.JsonBody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads the bodies of the jobs generation (docs/api/jobs.md): {@code POST /jobs}, and the options of
 * its encode steps. The options are the 2025-08-20 conversion options under their published names,
 * read by the same code ({@link ConversionBody}), so both generations convert alike.
 */
@ApplicationScoped
public class JobBodies {
    /** The formats each kind may ask for; the rest of a format's kind is another job kind's. */
    private static final Map<JobKind, Set<OutputFormat>> FORMATS = Map.of(
            JobKind.VIDEO, EnumSet.of(OutputFormat.MP4, OutputFormat.WEBM, OutputFormat.MOV, OutputFormat.AVI),
            JobKind.AUDIO, ofKind(Kind.AUDIO),
            JobKind.IMAGE, ofKind(Kind.IMAGE),
            JobKind.ANIMATION, EnumSet.of(OutputFormat.GIF, OutputFormat.WEBP),
            JobKind.ADAPTIVE_VIDEO, EnumSet.of(OutputFormat.HLS));

    @Inject
    BucketObjects buckets;

    /** A checked {@code POST /jobs}. */
    public JobRequest job(String projectId, JsonBody body) {
        JobKind kind = JobKind.fromWire(body.requiredString("kind"), "kind");
        String input = body.requiredString("input");
        String connectionId = body.string("connection_id");
        JsonBody options = body.object("options");
        BucketObject source = null;
        ConversionBody.Input conversionInput = ConversionBody.Input.LATER;
        if (BucketObject.isS3(input)) {
            source = buckets.resolve(projectId, input, connectionId, "input");
        } else {
            conversionInput = new ConversionBody.Input(null, null, SourceUrl.parse(input));
        }
        String output = body.string("output");
        BucketObject target = output == null ? null : buckets.resolve(projectId, output, connectionId, "output");
        ConversionRequest conversion = encode(kind, options, conversionInput);
        return new JobRequest(kind, input, source, conversion, target, options.fields(), body.metadata());
    }

    /** The conversion of an encode step of {@code kind}, from its {@code options}. */
    public ConversionRequest encode(JobKind kind, JsonBody options, ConversionBody.Input input) {
        OutputFormat format = format(kind, options.string("format"));
        if (kind == JobKind.ANIMATION
                && format == OutputFormat.WEBP
                && options.value("fps") == null
                && options.value("end") == null) {
            // A WebP is animated only when a clip or a frame rate is asked for; an animation job always is.
            options = options.with("fps", ConversionCheck.ANIMATION_FPS);
        }
        return ConversionBody.parse(options, kind.output(), input, format);
    }

    private static Set<OutputFormat> ofKind(Kind kind) {
        Set<OutputFormat> formats = EnumSet.noneOf(OutputFormat.class);
        Arrays.stream(OutputFormat.values()).filter(f -> f.kind() == kind).forEach(formats::add);
        return formats;
    }

    private static OutputFormat format(JobKind kind, String name) {
        if (name == null) {
            return kind.defaultFormat();
        }
        Set<OutputFormat> allowed = FORMATS.get(kind);
        OutputFormat format = allowed.stream()
                .filter(f -> f.wire().equals("jpg".equals(name) ? "jpeg" : name))
                .findFirst()
                .orElse(null);
        if (format == null) {
            throw SmidgenException.invalid(
                    "format",
                    "format for kind " + kind.wire() + " must be one of "
                            + String.join(
                                    ", ",
                                    allowed.stream().map(OutputFormat::wire).toList()) + ".");
        }
        return format;
    }
}
