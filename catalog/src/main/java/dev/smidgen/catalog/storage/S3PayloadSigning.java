package dev.smidgen.catalog.storage;

import dev.smidgen.catalog.storage.S3Config.PayloadSigning;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider;

/**
 * Whether the SigV4 signature covers request bodies ({@code smidgen.s3.payload-signing}).
 *
 * <p>Signing a body means hashing every byte of it before or while it is sent (SHA-256 per 128 KiB
 * chunk with the SDK's chunked encoding), which is what made a 512 MiB upload several times slower
 * than a plain PUT. Over https the SDK already sends {@code UNSIGNED-PAYLOAD} for S3, as the AWS CLI
 * does: TLS protects the body. Over plain http it signs every body whatever the signer properties
 * say, so {@code never} signs the request as if it went over https: the canonical request SigV4
 * signs has no scheme in it, so the signature is the same one, now with {@code UNSIGNED-PAYLOAD}.
 */
public final class S3PayloadSigning {
    private S3PayloadSigning() {}

    /** Sets {@code mode} on a client builder; {@link PayloadSigning#AUTO} leaves the SDK's choice. */
    public static S3ClientBuilder apply(S3ClientBuilder builder, PayloadSigning mode) {
        switch (mode) {
            case AUTO -> {
                return builder;
            }
            case ALWAYS -> {
                return builder.authSchemeProvider(withPayloadSigning(true));
            }
            case NEVER -> {
                return builder.authSchemeProvider(withPayloadSigning(false)).putAuthScheme(new UnsignedOverHttp());
            }
            default -> throw new IllegalArgumentException("Unknown payload signing mode " + mode);
        }
    }

    /** The SDK's own choice of auth scheme (endpoint rules, per-operation defaults), with payload signing fixed. */
    private static S3AuthSchemeProvider withPayloadSigning(boolean enabled) {
        S3AuthSchemeProvider defaults = S3AuthSchemeProvider.defaultProvider();
        return params -> {
            List<AuthSchemeOption> options = defaults.resolveAuthScheme(params);
            return options.stream()
                    .map(o -> o.schemeId().equals(AwsV4AuthScheme.SCHEME_ID)
                            ? o.toBuilder()
                                    .putSignerProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, enabled)
                                    .build()
                            : o)
                    .toList();
        };
    }

    /** SigV4 whose signer treats a plain-http request like an https one, so that its body stays unsigned. */
    private static final class UnsignedOverHttp implements AwsV4AuthScheme {
        private static final AwsV4HttpSigner SIGNER = new HttpsViewSigner(AwsV4HttpSigner.create());

        @Override
        public String schemeId() {
            return SCHEME_ID;
        }

        @Override
        public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
            return providers.identityProvider(AwsCredentialsIdentity.class);
        }

        @Override
        public AwsV4HttpSigner signer() {
            return SIGNER;
        }
    }

    /**
     * Signs an http request as its https twin and sends the result over http again. The port is kept
     * (80 becomes 443 and back, so that the signed Host header stays without a port).
     */
    static final class HttpsViewSigner implements AwsV4HttpSigner {
        private final HttpSigner<AwsCredentialsIdentity> delegate;

        HttpsViewSigner(HttpSigner<AwsCredentialsIdentity> delegate) {
            this.delegate = delegate;
        }

        @Override
        public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
            SdkHttpRequest original = request.request();
            if (!"http".equals(original.protocol())) {
                return delegate.sign(request);
            }
            SignRequest<? extends AwsCredentialsIdentity> asHttps = request.copy(b -> b.request(httpsTwin(original)));
            SignedRequest signed = delegate.sign(asHttps);
            return signed.copy(b -> b.request(backToHttp(signed.request(), original)));
        }

        @Override
        public CompletableFuture<AsyncSignedRequest> signAsync(
                AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
            SdkHttpRequest original = request.request();
            if (!"http".equals(original.protocol())) {
                return delegate.signAsync(request);
            }
            return delegate.signAsync(request.copy(b -> b.request(httpsTwin(original))))
                    .thenApply(signed -> signed.copy(b -> b.request(backToHttp(signed.request(), original))));
        }

        private static SdkHttpRequest httpsTwin(SdkHttpRequest http) {
            return http.toBuilder()
                    .protocol("https")
                    .port(http.port() == 80 ? 443 : http.port())
                    .build();
        }

        private static SdkHttpRequest backToHttp(SdkHttpRequest signed, SdkHttpRequest original) {
            return signed.toBuilder().protocol("http").port(original.port()).build();
        }
    }
}
