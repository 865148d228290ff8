package dev.smidgen.catalog.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

class S3PayloadSigningTests {
    private static final AwsV4HttpSigner PLAIN = AwsV4HttpSigner.create();
    private static final AwsV4HttpSigner HTTPS_VIEW = new S3PayloadSigning.HttpsViewSigner(PLAIN);

    @Test
    void theSdkSignsEveryBodyOverHttpWhateverItIsTold() {
        // Why HttpsViewSigner exists; should a later SDK honour the property over http, it can go.
        SdkHttpRequest signed = sign(PLAIN, "http", 9000).request();
        assertNotEquals(
                "UNSIGNED-PAYLOAD",
                signed.firstMatchingHeader("x-amz-content-sha256").orElseThrow());
    }

    @Test
    void overHttpTheBodyIsLeftUnsignedWithTheSignatureOfTheHttpsTwin() {
        SdkHttpRequest viaHttp = sign(HTTPS_VIEW, "http", 9000).request();
        SdkHttpRequest viaHttps = sign(PLAIN, "https", 9000).request();
        assertEquals(
                "UNSIGNED-PAYLOAD",
                viaHttp.firstMatchingHeader("x-amz-content-sha256").orElseThrow());
        assertEquals("http", viaHttp.protocol());
        assertEquals(9000, viaHttp.port());
        assertEquals("example.com:9000", viaHttp.firstMatchingHeader("Host").orElseThrow());
        assertEquals(viaHttps.firstMatchingHeader("Authorization"), viaHttp.firstMatchingHeader("Authorization"));
    }

    @Test
    void theDefaultPortStaysOutOfTheSignedHost() {
        SdkHttpRequest viaHttp = sign(HTTPS_VIEW, "http", 80).request();
        SdkHttpRequest viaHttps = sign(PLAIN, "https", 443).request();
        assertEquals("http", viaHttp.protocol());
        assertEquals(80, viaHttp.port());
        assertEquals("example.com", viaHttp.firstMatchingHeader("Host").orElseThrow());
        assertEquals(viaHttps.firstMatchingHeader("Authorization"), viaHttp.firstMatchingHeader("Authorization"));
    }

    @Test
    void httpsRequestsAreSignedAsTheyAre() {
        SignedRequest viaView = sign(HTTPS_VIEW, "https", 443);
        SignedRequest plain = sign(PLAIN, "https", 443);
        assertEquals(plain.request().headers(), viaView.request().headers());
    }

    private static SignedRequest sign(AwsV4HttpSigner signer, String protocol, int port) {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.PUT)
                .protocol(protocol)
                .host("example.com")
                .port(port)
                .encodedPath("/bucket/prj/a.mp4")
                .putHeader("Content-Length", "5")
                .build();
        AwsCredentialsIdentity identity = AwsBasicCredentials.create("key", "secret");
        return signer.sign(SignRequest.builder(identity)
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String("hello"))
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(
                        AwsV4HttpSigner.SIGNING_CLOCK,
                        Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC))
                .build());
    }
}
