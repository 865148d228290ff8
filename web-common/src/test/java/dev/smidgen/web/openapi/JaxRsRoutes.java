package dev.smidgen.web.openapi;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The routes a service registers, read by reflection over the JAX-RS resources in its classes
 * directory and written as the API document names them ({@code "GET /cdn/{key}"}): a template's
 * regular expression is dropped, and an alternation of literals ({@code {mode: single|resumable}})
 * becomes one path per literal.
 */
public final class JaxRsRoutes {
    private static final Pattern PARAM = Pattern.compile("\\{\\s*(\\w+)\\s*(?::\\s*([^}]*))?}");
    private static final Pattern LITERALS = Pattern.compile("[A-Za-z0-9_-]+(\\|[A-Za-z0-9_-]+)+");

    private JaxRsRoutes() {}

    /** The routes of every resource class in the classes directory (or jar) that holds {@code anchor}. */
    public static Set<String> of(Class<?> anchor) {
        java.nio.file.Path root;
        try {
            root = java.nio.file.Path.of(
                    anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Set<String> routes = new TreeSet<>();
        try (Stream<java.nio.file.Path> files = java.nio.file.Files.walk(root)) {
            for (java.nio.file.Path file :
                    files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replace(".class", "");
                Class<?> type = Class.forName(name, false, anchor.getClassLoader());
                if (type.isAnnotationPresent(Path.class)
                        && !type.isInterface()
                        && !Modifier.isAbstract(type.getModifiers())) {
                    routes.addAll(routesOf(type));
                }
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("Cannot read the classes under " + root, e);
        }
        return routes;
    }

    static List<String> routesOf(Class<?> resource) {
        String base = resource.getAnnotation(Path.class).value();
        List<String> out = new ArrayList<>();
        for (Method method : resource.getMethods()) {
            String verb = verbOf(method);
            if (verb == null) {
                continue;
            }
            Path sub = method.getAnnotation(Path.class);
            for (String path : expand(join(base, sub == null ? "" : sub.value()))) {
                out.add(verb + " " + path);
            }
        }
        return out;
    }

    private static String verbOf(Method method) {
        for (Annotation a : method.getAnnotations()) {
            HttpMethod verb = a.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    static String join(String base, String sub) {
        String path = "/" + strip(base) + (strip(sub).isEmpty() ? "" : "/" + strip(sub));
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String strip(String segment) {
        String s = segment.trim();
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** {@code /store/{mode: single|resumable}} → {@code /store/single}, {@code /store/resumable}; {@code {key: .+}} → {@code {key}}. */
    static List<String> expand(String template) {
        Matcher m = PARAM.matcher(template);
        if (!m.find()) {
            return List.of(template);
        }
        String head = template.substring(0, m.start());
        List<String> out = new ArrayList<>();
        String regex = m.group(2) == null ? "" : m.group(2).trim();
        List<String> here =
                LITERALS.matcher(regex).matches() ? List.of(regex.split("\\|")) : List.of("{" + m.group(1) + "}");
        for (String value : here) {
            for (String tail : expand(template.substring(m.end()))) {
                out.add(head + value + tail);
            }
        }
        return out;
    }
}
