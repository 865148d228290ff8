package dev.smidgen.web.http;

import dev.smidgen.model.SmidgenException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;

/**
 * {@link InputText}'s rule for the text in a request's address: path ids ({@code /media/%00}) and
 * query parameters, names and values ({@code metadata.*} filters have client-chosen names). Runs
 * after the request is recorded and before authentication, which may itself look text up (the
 * upload URLs' {@code key}).
 */
@Provider
@Priority(InputTextFilter.PRIORITY)
public class InputTextFilter implements ContainerRequestFilter {
    public static final int PRIORITY = Priorities.AUTHENTICATION - 50;

    @Override
    public void filter(ContainerRequestContext request) {
        check(request.getUriInfo().getPathParameters(true), request.getUriInfo().getQueryParameters(true));
    }

    static void check(MultivaluedMap<String, String> pathParameters, MultivaluedMap<String, String> query) {
        for (Map.Entry<String, List<String>> param : pathParameters.entrySet()) {
            for (String value : param.getValue()) {
                InputText.require(param.getKey(), value);
            }
        }
        for (Map.Entry<String, List<String>> param : query.entrySet()) {
            if (!InputText.isClean(param.getKey())) {
                throw SmidgenException.invalid(
                        "query", "A query parameter name has a NUL character or an unpaired surrogate.");
            }
            for (String value : param.getValue()) {
                InputText.require(param.getKey(), value);
            }
        }
    }
}
