package dev.smidgen.api.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.net.AddressGuard;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookTargetsTests {
    /** As in production: private addresses refused; names resolve from a fixed table, never the network. */
    private final WebhookTargets strict = new WebhookTargets(new AddressGuard(false, Set.of(), host -> switch (host) {
        case "hooks.example.com" -> List.of(InetAddress.getByName("93.184.216.34"));
        case "internal.example.com" -> List.of(InetAddress.getByName("10.0.0.7"));
        case "localhost" -> List.of(InetAddress.getByName("127.0.0.1"));
        default -> throw new UnknownHostException(host);
    }));

    private final WebhookTargets permissive = new WebhookTargets(new AddressGuard(true));

    @Test
    void aPublicHttpsUrlIsAccepted() {
        assertEquals(
                URI.create("https://hooks.example.com/smidgen?x=1"),
                strict.check("https://hooks.example.com/smidgen?x=1", "url"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:8080/hook",
                "http://localhost/hook",
                "http://10.1.2.3/",
                "http://192.168.0.10/",
                "http://[::1]/",
                "http://internal.example.com/hook",
                "http://169.254.169.254/latest/meta-data/",
                "http://metadata.google.internal/"
            })
    void privateLocalAndMetadataAddressesAreRefused(String url) {
        SmidgenException e = assertThrows(SmidgenException.class, () -> strict.check(url, "url"));
        assertEquals(ErrorCode.SOURCE_FORBIDDEN_ADDRESS, e.code(), url);
        assertEquals(422, e.code().status());
        assertEquals("url", e.field());
    }

    @Test
    void aTasksWebhookUrlIsNamedAsSuch() {
        SmidgenException e = assertThrows(SmidgenException.class, () -> strict.check("http://10.0.0.1/"));
        assertEquals(ErrorCode.SOURCE_FORBIDDEN_ADDRESS, e.code());
        assertEquals("webhook_url", e.field());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://hooks.example.com/",
                "hooks.example.com/path",
                "http://user:pw@hooks.example.com/",
                "http://2130706433/",
                "file:///etc/passwd",
                "not a url"
            })
    void malformedUrlsAreBadRequests(String url) {
        SmidgenException e = assertThrows(SmidgenException.class, () -> strict.check(url, "url"));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code(), url);
        assertEquals("url", e.field());
    }

    @Test
    void aHostThatDoesNotResolveIsRefused() {
        SmidgenException e =
                assertThrows(SmidgenException.class, () -> strict.check("https://nowhere.invalid/", "url"));
        assertEquals(ErrorCode.SOURCE_UNREACHABLE, e.code());
        assertEquals("url", e.field());
    }

    @Test
    void allowPrivateLetsLocalReceiversThroughButNeverMetadata() {
        assertEquals(URI.create("http://127.0.0.1:9999/hook"), permissive.check("http://127.0.0.1:9999/hook", "url"));
        assertEquals(
                ErrorCode.SOURCE_FORBIDDEN_ADDRESS,
                assertThrows(SmidgenException.class, () -> permissive.check("http://169.254.169.254/", "url"))
                        .code());
    }
}
