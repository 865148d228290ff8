package dev.smidgen.model.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressGuardTests {

    /** Names the fake DNS knows; anything else is an unknown host. Literals never reach it. */
    private static final Map<String, List<String>> DNS = Map.of(
            "public.example", List.of("93.184.216.34"),
            "dual.example", List.of("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"),
            "internal.example", List.of("10.1.2.3"),
            "mixed.example", List.of("93.184.216.34", "127.0.0.1"),
            "loopback6.example", List.of("::1"),
            "imds.example", List.of("169.254.169.254"),
            "metadata.google.internal", List.of("93.184.216.34"));

    private static final AddressGuard.Resolver FAKE_DNS = host -> {
        List<String> literals = DNS.get(host);
        if (literals == null) {
            throw new UnknownHostException(host);
        }
        List<InetAddress> out = new java.util.ArrayList<>();
        for (String literal : literals) {
            out.add(InetAddress.getByName(literal));
        }
        return out;
    };

    private final AddressGuard strict = new AddressGuard(false, Set.of(), FAKE_DNS);
    private final AddressGuard dev = new AddressGuard(true, Set.of(), FAKE_DNS);

    // ---- checkUrl: syntax ----

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://public.example/video.mp4",
                "https://public.example:8443/a/b.mov?x=1&y=2#frag",
                "HTTPS://Public.Example/clip.mp4",
                "http://93.184.216.34/a.mp4",
                "http://[2606:4700:4700::1111]:8080/a",
                "  http://public.example/padded.mp4  "
            })
    void acceptsWellFormedHttpUrls(String url) {
        URI uri = strict.checkUrl(url);
        assertTrue(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "   ",
                // other schemes
                "file:///etc/passwd",
                "file://localhost/etc/passwd",
                "ftp://public.example/a.mp4",
                "gopher://public.example:70/_GET",
                "jar:http://public.example/a.jar!/x",
                "data:video/mp4;base64,AAAA",
                "javascript:alert(1)",
                "dict://public.example:11211/stat",
                "ldap://public.example/",
                "netdoc:///etc/passwd",
                // not absolute / no host
                "public.example/video.mp4",
                "//public.example/video.mp4",
                "http:public.example",
                "http:/video.mp4",
                "http:///video.mp4",
                "https://",
                // credentials and the userinfo trick
                "http://good.com@127.0.0.1/",
                "http://user:pass@public.example/a.mp4",
                "http://@public.example/",
                // malformed
                "http://exa mple.com/",
                "http://[::1/",
                "http://127.0.0.1\\@good.com/",
                "http://exa_mple.com/",
                "http://public.example:99999/",
                "http://public.example:0/",
                // decimal, octal, hex and short IPv4 spellings
                "http://2130706433/",
                "http://0x7f.1/",
                "http://0x7f000001/",
                "http://017700000001/",
                "http://0177.0.0.1/",
                "http://127.1/",
                "http://127.0.1/",
                "http://127.0.0.1./",
                "http://0/",
                "http://134744072/",
                "http://256.1.1.1/"
            })
    void refusesBadUrlsAsInvalidRequest(String url) {
        SmidgenException e = assertThrows(SmidgenException.class, () -> strict.checkUrl(url));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals("url", e.field());
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void namesTheRefusedScheme() {
        SmidgenException e = assertThrows(SmidgenException.class, () -> strict.checkUrl("file:///etc/passwd"));
        assertEquals("Only http and https URLs can be fetched, not file:.", e.getMessage());
    }

    @Test
    void limitsLengthTo2048Characters() {
        String prefix = "http://public.example/";
        String exact = prefix + "a".repeat(AddressGuard.MAX_URL_LENGTH - prefix.length());
        assertEquals(2048, exact.length());
        strict.checkUrl(exact);
        SmidgenException e = assertThrows(SmidgenException.class, () -> strict.checkUrl(exact + "a"));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
    }

    // ---- resolveAndCheck: addresses ----

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://public.example/",
                "http://dual.example/",
                "http://93.184.216.34/",
                "http://8.8.8.8/",
                "http://11.0.0.1/",
                "http://172.15.255.255/",
                "http://172.32.0.1/",
                "http://192.169.0.1/",
                "http://100.63.255.255/",
                "http://100.128.0.1/",
                "http://198.17.255.255/",
                "http://198.20.0.1/",
                "http://169.253.255.255/",
                "http://223.255.255.255/",
                "http://[2606:4700:4700::1111]/",
                "http://[::ffff:8.8.8.8]/",
                "http://[64:ff9b::8.8.8.8]/",
                "http://[2002:808:808::1]/"
            })
    void allowsPublicAddresses(String url) {
        List<InetAddress> addresses = strict.resolveAndCheck(strict.checkUrl(url));
        assertFalse(addresses.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // loopback and unspecified
                "http://127.0.0.1/",
                "http://127.255.255.254/",
                "http://[::1]/",
                "http://0.0.0.0/",
                "http://0.1.2.3/",
                "http://[::]/",
                // private, CGNAT, benchmarking, unique-local, site-local
                "http://10.0.0.1/",
                "http://10.255.255.255/",
                "http://172.16.0.1/",
                "http://172.31.255.255/",
                "http://192.168.0.1/",
                "http://192.168.255.255/",
                "http://100.64.0.1/",
                "http://100.127.255.255/",
                "http://198.18.0.1/",
                "http://198.19.255.255/",
                "http://[fc00::1]/",
                "http://[fd12:3456:789a::1]/",
                "http://[fec0::1]/",
                // link-local and metadata
                "http://169.254.0.1/",
                "http://169.254.169.254/latest/meta-data/",
                "http://100.100.100.200/",
                "http://[fe80::1]/",
                "http://[febf::1]/",
                "http://[fd00:ec2::254]/",
                "http://metadata.google.internal/computeMetadata/v1/",
                "http://METADATA.Google.Internal./",
                "http://metadata/",
                "http://metadata:80/",
                // multicast, broadcast, reserved
                "http://224.0.0.1/",
                "http://239.255.255.250/",
                "http://255.255.255.255/",
                "http://240.0.0.1/",
                "http://[ff02::1]/",
                "http://[ff0e::1]/",
                // documentation, protocol-assignment and discard-only ranges: route nowhere public, so a
                // host answering on one is local (e.g. a machine configured with TEST-NET-1)
                "http://192.0.2.10:8082/q/metrics",
                "http://198.51.100.1/",
                "http://203.0.113.1/",
                "http://192.0.0.1/",
                "http://192.88.99.1/",
                "http://[2001:db8::1]/",
                "http://[2001::1]/",
                "http://[100::1]/",
                "http://[::ffff:192.0.2.10]/",
                "http://[64:ff9b::192.0.2.10]/",
                "http://[64:ff9b:1:7f00:0:1::]/",
                "http://[2002:c000:20a::1]/",
                // IPv4-mapped, IPv4-compatible, NAT64 and 6to4 forms of the above
                "http://[::ffff:127.0.0.1]/",
                "http://[::ffff:7f00:1]/",
                "http://[::ffff:10.0.0.1]/",
                "http://[::ffff:169.254.169.254]/",
                "http://[0:0:0:0:0:ffff:192.168.1.1]/",
                "http://[::127.0.0.1]/",
                "http://[::10.0.0.1]/",
                "http://[::0.0.0.2]/",
                "http://[::169.254.169.254]/",
                "http://[64:ff9b::127.0.0.1]/",
                "http://[64:ff9b::a00:1]/",
                "http://[64:ff9b::169.254.169.254]/",
                "http://[2002:7f00:1::1]/",
                "http://[2002:a9fe:a9fe::]/",
                // names resolving to refused addresses, including one bad address among good ones
                "http://internal.example/",
                "http://mixed.example/",
                "http://loopback6.example/",
                "http://imds.example/"
            })
    void refusesInternalAndReservedAddresses(String url) {
        SmidgenException e = assertThrows(SmidgenException.class, () -> strict.resolveAndCheck(strict.checkUrl(url)));
        assertEquals(ErrorCode.SOURCE_FORBIDDEN_ADDRESS, e.code(), url);
        assertFalse(e.isTransient());
        assertTrue(
                e.getMessage().contains(strict.checkUrl(url).getHost().toLowerCase(java.util.Locale.ROOT)),
                e.getMessage());
    }

    @Test
    void refusesLocalhostThroughTheSystemResolver() {
        AddressGuard system = new AddressGuard(false);
        SmidgenException e = assertThrows(
                SmidgenException.class, () -> system.resolveAndCheck(system.checkUrl("http://localhost:8080/")));
        assertEquals(ErrorCode.SOURCE_FORBIDDEN_ADDRESS, e.code());
    }

    @Test
    void messageNamesTheHostButNotWhatItResolvesTo() {
        SmidgenException e = assertThrows(
                SmidgenException.class, () -> strict.resolveAndCheck(URI.create("http://internal.example/a.mp4")));
        assertTrue(e.getMessage().contains("internal.example"));
        assertFalse(e.getMessage().contains("10.1.2.3"));
        assertEquals("url", e.field());
    }

    @Test
    void metadataHostNamesAreRefusedBeforeAnyLookup() {
        AddressGuard.Resolver failing = host -> {
            throw new AssertionError("resolver must not be called for " + host);
        };
        AddressGuard guard = new AddressGuard(true, Set.of(), failing);
        SmidgenException e = assertThrows(
                SmidgenException.class, () -> guard.resolveAndCheck(URI.create("http://metadata.google.internal/")));
        assertEquals(ErrorCode.SOURCE_FORBIDDEN_ADDRESS, e.code());
        assertTrue(e.getMessage().contains("metadata"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:8080/", "http://[::1]/", "http://10.0.0.1/", "http://172.16.5.4/",
                "http://192.168.1.10/", "http://100.64.0.1/", "http://198.18.0.1/", "http://[fd12::1]/",
                "http://[::ffff:127.0.0.1]/", "http://internal.example/", "http://mixed.example/"
            })
    void allowPrivateLetsLocalAddressesThrough(String url) {
        assertFalse(dev.resolveAndCheck(dev.checkUrl(url)).isEmpty());
    }

    @Test
    void allowPrivateLetsLocalhostThroughTheSystemResolver() {
        AddressGuard system = new AddressGuard(true);
        assertFalse(system.resolveAndCheck(system.checkUrl("http://localhost/")).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://169.254.169.254/",
                "http://[fd00:ec2::254]/",
                "http://[::ffff:169.254.169.254]/",
                "http://[64:ff9b::169.254.169.254]/",
                "http://100.100.100.200/",
                "http://metadata.google.internal/",
                "http://metadata/",
                "http://imds.example/",
                "http://169.254.1.1/",
                "http://[fe80::1]/",
                "http://0.0.0.0/",
                "http://[::]/",
                "http://224.0.0.1/",
                "http://255.255.255.255/",
                "http://192.0.2.10/",
                "http://[2001:db8::1]/"
            })
    void allowPrivateStillRefusesMetadataAndReservedAddresses(String url) {
        SmidgenException e = assertThrows(SmidgenException.class, () -> dev.resolveAndCheck(dev.checkUrl(url)));
        assertEquals(ErrorCode.SOURCE_FORBIDDEN_ADDRESS, e.code(), url);
    }

    @Test
    void trustedEndpointIsExactlyOneHostAndPort() {
        AddressGuard guard = new AddressGuard(false, Set.of("127.0.0.1:8080", "169.254.169.254:80"), FAKE_DNS);
        assertFalse(guard.resolveAndCheck(URI.create("http://127.0.0.1:8080/a")).isEmpty());
        for (String other : List.of(
                "http://127.0.0.1:8081/",
                "http://127.0.0.1/",
                "https://127.0.0.1:8443/",
                "http://127.0.0.2:8080/",
                "http://10.0.0.1:8080/")) {
            SmidgenException e = assertThrows(SmidgenException.class, () -> guard.resolveAndCheck(URI.create(other)));
            assertEquals(ErrorCode.SOURCE_FORBIDDEN_ADDRESS, e.code(), other);
        }
        SmidgenException metadata = assertThrows(
                SmidgenException.class, () -> guard.resolveAndCheck(URI.create("http://169.254.169.254/")));
        assertEquals(ErrorCode.SOURCE_FORBIDDEN_ADDRESS, metadata.code());
    }

    @Test
    void unknownHostIsTransientlyUnreachable() {
        SmidgenException e = assertThrows(
                SmidgenException.class, () -> strict.resolveAndCheck(URI.create("https://no-such-host.example/a.mp4")));
        assertEquals(ErrorCode.SOURCE_UNREACHABLE, e.code());
        assertTrue(e.isTransient());
        assertTrue(e.getMessage().contains("no-such-host.example"));
    }

    @Test
    void returnsEveryResolvedAddress() {
        assertEquals(
                2, strict.resolveAndCheck(URI.create("http://dual.example/")).size());
    }
}
