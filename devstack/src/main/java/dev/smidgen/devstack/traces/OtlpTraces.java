package dev.smidgen.devstack.traces;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes an OTLP {@code ExportTraceServiceRequest} (protobuf, as OTLP/HTTP exporters post it to
 * {@code /v1/traces}) into spans. Field numbers are those of opentelemetry-proto's trace/v1,
 * resource/v1 and common/v1 messages; unknown fields are skipped, so newer exporters still decode.
 */
final class OtlpTraces {
    private static final HexFormat HEX = HexFormat.of();

    private OtlpTraces() {}

    static List<CollectedSpan> decode(byte[] request) {
        List<CollectedSpan> spans = new ArrayList<>();
        ProtoReader in = new ProtoReader(request);
        while (in.next()) {
            if (in.field() == 1 && in.wireType() == ProtoReader.LENGTH_DELIMITED) {
                resourceSpans(in.message(), spans);
            } else {
                in.skip();
            }
        }
        return spans;
    }

    private static void resourceSpans(ProtoReader in, List<CollectedSpan> out) {
        String service = "unknown";
        List<ProtoReader> scopes = new ArrayList<>();
        while (in.next()) {
            if (in.field() == 1 && in.wireType() == ProtoReader.LENGTH_DELIMITED) {
                Map<String, String> resource = attributesOf(in.message(), 1);
                service = resource.getOrDefault("service.name", service);
            } else if (in.field() == 2 && in.wireType() == ProtoReader.LENGTH_DELIMITED) {
                scopes.add(in.message());
            } else {
                in.skip();
            }
        }
        for (ProtoReader scope : scopes) {
            while (scope.next()) {
                if (scope.field() == 2 && scope.wireType() == ProtoReader.LENGTH_DELIMITED) {
                    out.add(span(scope.message(), service));
                } else {
                    scope.skip();
                }
            }
        }
    }

    private static CollectedSpan span(ProtoReader in, String service) {
        String traceId = "";
        String spanId = "";
        String parent = "";
        String name = "";
        int kind = 0;
        long start = 0;
        long end = 0;
        Map<String, String> attributes = new LinkedHashMap<>();
        boolean error = false;
        while (in.next()) {
            switch (in.field()) {
                case 1 -> traceId = HEX.formatHex(in.bytes());
                case 2 -> spanId = HEX.formatHex(in.bytes());
                case 4 -> parent = HEX.formatHex(in.bytes());
                case 5 -> name = in.string();
                case 6 -> kind = (int) in.varint();
                case 7 -> start = in.fixed64();
                case 8 -> end = in.fixed64();
                case 9 -> keyValue(in.message(), attributes);
                case 15 -> error = statusIsError(in.message());
                default -> in.skip();
            }
        }
        return new CollectedSpan(traceId, spanId, parent, service, name, kind, start, end, attributes, error);
    }

    /** The key-values in field {@code field} of a message (a Resource's attributes are field 1). */
    private static Map<String, String> attributesOf(ProtoReader in, int field) {
        Map<String, String> out = new LinkedHashMap<>();
        while (in.next()) {
            if (in.field() == field && in.wireType() == ProtoReader.LENGTH_DELIMITED) {
                keyValue(in.message(), out);
            } else {
                in.skip();
            }
        }
        return out;
    }

    private static void keyValue(ProtoReader in, Map<String, String> out) {
        String key = null;
        String value = null;
        while (in.next()) {
            if (in.field() == 1 && in.wireType() == ProtoReader.LENGTH_DELIMITED) {
                key = in.string();
            } else if (in.field() == 2 && in.wireType() == ProtoReader.LENGTH_DELIMITED) {
                value = anyValue(in.message());
            } else {
                in.skip();
            }
        }
        if (key != null) {
            out.put(key, value);
        }
    }

    /** A scalar AnyValue as text; arrays, maps and bytes show as a placeholder. */
    private static String anyValue(ProtoReader in) {
        String value = null;
        while (in.next()) {
            switch (in.field()) {
                case 1 -> value = in.string();
                case 2 -> value = Boolean.toString(in.varint() != 0);
                case 3 -> value = Long.toString(in.varint());
                case 4 -> value = Double.toString(Double.longBitsToDouble(in.fixed64()));
                default -> {
                    in.skip();
                    value = "(complex)";
                }
            }
        }
        return value;
    }

    private static boolean statusIsError(ProtoReader in) {
        boolean error = false;
        while (in.next()) {
            if (in.field() == 3 && in.wireType() == ProtoReader.VARINT) {
                error = in.varint() == 2; // STATUS_CODE_ERROR
            } else {
                in.skip();
            }
        }
        return error;
    }
}
