package dev.smidgen.web.http;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.SmidgenException;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/**
 * The one place where exceptions become responses: {@link SmidgenException} carries its code,
 * framework exceptions map to the nearest code, anything else is an {@code internal} 500 that is
 * logged with the request id and never leaks a stack trace, class name or SQL.
 */
@Provider
public class ErrorMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    @Inject
    ApiResponses responses;

    @Inject
    RequestContext ctx;

    @Override
    public Response toResponse(Throwable failure) {
        SmidgenException error = translate(failure);
        if (error.code().status() >= 500) {
            LOG.errorf(failure, "%s %s %s failed", ctx.requestId(), ctx.method(), ctx.path());
        }
        return responses.error(error);
    }

    static SmidgenException translate(Throwable failure) {
        if (failure instanceof SmidgenException e) {
            return e;
        }
        if (failure instanceof NotFoundException) {
            return new SmidgenException(ErrorCode.NOT_FOUND, "No such endpoint.");
        }
        if (failure instanceof NotAllowedException) {
            return new SmidgenException(ErrorCode.METHOD_NOT_ALLOWED, null);
        }
        if (failure instanceof NotSupportedException) {
            return new SmidgenException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, null);
        }
        if (failure instanceof WebApplicationException w) {
            int status = w.getResponse().getStatus();
            if (status == 413) {
                return new SmidgenException(ErrorCode.REQUEST_TOO_LARGE, null);
            }
            if (status >= 400 && status < 500) {
                return new SmidgenException(ErrorCode.INVALID_REQUEST, "The request could not be understood.");
            }
        }
        return new SmidgenException(ErrorCode.INTERNAL, null);
    }
}
