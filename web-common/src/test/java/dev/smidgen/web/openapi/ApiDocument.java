package dev.smidgen.web.openapi;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The committed API document, docs/api/openapi.yaml, parsed and validated by swagger-parser: the
 * one description of both services' routes that their tests hold the code to (docs/api/openapi.md).
 */
public final class ApiDocument {
    /** The services a path item can belong to: the document's default server, or its own {@code servers}. */
    public enum Service {
        API,
        UPLOAD
    }

    private final String text;
    private final SwaggerParseResult parsed;

    private ApiDocument(String text, SwaggerParseResult parsed) {
        this.text = text;
        this.parsed = parsed;
    }

    /** Reads the document from the repository's checkout, found by walking up from the working directory. */
    public static ApiDocument committed() {
        Path file = location();
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            ParseOptions options = new ParseOptions();
            options.setResolve(true);
            return new ApiDocument(text, new OpenAPIParser().readContents(text, null, options));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file, e);
        }
    }

    /** Where docs/api/openapi.yaml is: tests run in a module's directory, one level under the root. */
    public static Path location() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs/api/openapi.yaml");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "docs/api/openapi.yaml not found above " + Path.of("").toAbsolutePath());
    }

    public String text() {
        return text;
    }

    /** What the validator found wrong: empty for a valid document. */
    public List<String> problems() {
        return parsed.getMessages() == null ? List.of() : parsed.getMessages();
    }

    public OpenAPI model() {
        if (parsed.getOpenAPI() == null) {
            throw new IllegalStateException("The document does not parse: " + problems());
        }
        return parsed.getOpenAPI();
    }

    /** Every operation of one service as {@code "GET /media/{id}"}. */
    public Set<String> operations(Service service) {
        Set<String> out = new TreeSet<>();
        model().getPaths().forEach((path, item) -> {
            if (serviceOf(item) == service) {
                item.readOperationsMap()
                        .keySet()
                        .forEach(method -> out.add(method.name().toUpperCase(Locale.ROOT) + " " + path));
            }
        });
        return out;
    }

    /** Routes the service registers that the document lacks, as {@code "GET /path"}. */
    public Set<String> undocumented(Service service, Set<String> routes) {
        Set<String> out = new TreeSet<>(routes);
        out.removeAll(operations(service));
        return out;
    }

    /** Operations the document gives the service that it does not register. */
    public Set<String> unimplemented(Service service, Set<String> routes) {
        Set<String> out = new TreeSet<>(operations(service));
        out.removeAll(routes);
        return out;
    }

    private static Service serviceOf(PathItem item) {
        List<Server> servers = item.getServers();
        if (servers == null || servers.isEmpty()) {
            return Service.API;
        }
        return servers.get(0).getUrl().contains("{upload}") ? Service.UPLOAD : Service.API;
    }
}
