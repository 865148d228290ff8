package dev.smidgen.api.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsolePolicyTests {

    private static Map<String, String> directives(String header) {
        Map<String, String> directives = new LinkedHashMap<>();
        Arrays.stream(header.split(";")).map(String::trim).forEach(d -> {
            int space = d.indexOf(' ');
            directives.put(d.substring(0, space), d.substring(space + 1));
        });
        return directives;
    }

    @Test
    void noInlineCodeConnectOnlyToTheApiAndUploadsAndNoFraming() {
        Map<String, String> csp = directives(ConsolePolicy.header(
                "https://api.example.com", "https://upload.example.com:8443/", "https://cdn.example.net/media"));
        assertEquals("'none'", csp.get("default-src"));
        assertEquals("'self'", csp.get("script-src"));
        assertEquals("'self'", csp.get("style-src"));
        assertEquals(
                "'self' https://api.example.com https://upload.example.com:8443 https://cdn.example.net",
                csp.get("connect-src"));
        assertEquals("'self' https://api.example.com https://cdn.example.net blob:", csp.get("media-src"));
        assertEquals("'self' https://api.example.com https://cdn.example.net data:", csp.get("img-src"));
        assertEquals("'none'", csp.get("frame-ancestors"));
        assertEquals("'none'", csp.get("base-uri"));
        csp.values().forEach(sources -> {
            assertFalse(sources.contains("unsafe"), sources);
            assertFalse(sources.contains("*"), sources);
        });
    }

    @Test
    void aLocalStackNamesEachOriginOnce() {
        String header =
                ConsolePolicy.header("http://localhost:8080", "http://localhost:8081", "http://localhost:8080/cdn");
        assertTrue(header.contains("connect-src 'self' http://localhost:8080 http://localhost:8081;"), header);
        assertTrue(header.contains("media-src 'self' http://localhost:8080 blob:;"), header);
    }

    @Test
    void originsAreSchemeHostAndPortOnly() {
        assertEquals("http://a.example:9000", ConsolePolicy.origin("HTTP://A.Example:9000/x/y?z=1"));
        assertThrows(IllegalArgumentException.class, () -> ConsolePolicy.origin("/relative"));
        assertThrows(IllegalArgumentException.class, () -> ConsolePolicy.origin("ftp://a.example"));
    }
}
