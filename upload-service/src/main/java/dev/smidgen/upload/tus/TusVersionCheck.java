package dev.smidgen.upload.tus;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/** Every tus request but OPTIONS names the protocol version it speaks; only 1.0.0 is spoken here (else 412). */
@Provider
@TusProtocol
public class TusVersionCheck implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
        if (HttpMethod.OPTIONS.equals(request.getMethod())) {
            return;
        }
        String version = request.getHeaderString(TusHeaders.TUS_RESUMABLE);
        if (version == null || !TusHeaders.VERSION.equals(version.trim())) {
            throw new SmidgenException(
                    ErrorCode.UNSUPPORTED_PROTOCOL_VERSION,
                    version == null
                            ? "tus requests need the header Tus-Resumable: " + TusHeaders.VERSION + "."
                            : "Tus-Resumable " + TusHeaders.shorten(version.trim())
                                    + " is not supported; this server speaks " + TusHeaders.VERSION + ".",
                    TusHeaders.TUS_RESUMABLE);
        }
    }
}
