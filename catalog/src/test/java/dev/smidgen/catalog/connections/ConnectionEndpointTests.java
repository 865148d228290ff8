package dev.smidgen.catalog.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import org.junit.jupiter.api.Test;

class ConnectionEndpointTests {
    @Test
    void keepsSchemeHostAndPort() {
        assertEquals("https://s3.example.com", ConnectionEndpoint.normalize("https://s3.example.com/"));
        assertEquals("http://minio.local:9000", ConnectionEndpoint.normalize("HTTP://minio.local:9000"));
        assertNull(ConnectionEndpoint.normalize(null));
    }

    @Test
    void refusesAnythingButAServiceUrl() {
        for (String bad : new String[] {
            "ftp://s3.example.com", "https://user:pw@s3.example.com", "https://s3.example.com/bucket",
            "https://s3.example.com/?x=1", "s3.example.com", "https://s3.example.com#f"
        }) {
            SmidgenException e = assertThrows(SmidgenException.class, () -> ConnectionEndpoint.normalize(bad), bad);
            assertEquals(ErrorCode.INVALID_REQUEST, e.code(), bad);
            assertEquals("endpoint", e.field(), bad);
        }
    }

    @Test
    void defaultsToAwsInTheRegion() {
        ConnectionEntity c = new ConnectionEntity();
        c.region = "eu-west-1";
        assertEquals(
                "https://s3.eu-west-1.amazonaws.com", ConnectionEndpoint.of(c).toString());
        c.endpoint = "http://127.0.0.1:9000";
        assertEquals("http://127.0.0.1:9000", ConnectionEndpoint.of(c).toString());
    }

    @Test
    void checksRegions() {
        assertEquals("auto", ConnectionEndpoint.region("auto"));
        SmidgenException e = assertThrows(SmidgenException.class, () -> ConnectionEndpoint.region("EU West"));
        assertEquals("region", e.field());
    }
}
