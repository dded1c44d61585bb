package org.chatinbox.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.chatinbox.problem.ProblemException;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every call of the frontend API carries an agent's {@code X-API-Key}. The ingest paths are the channels' and are checked by
 * ingest-service with its channel keys; health, metrics and OpenAPI are open.
 */
@ApplicationScoped
public class AuthenticationFilter {

    private final AgentKeys keys;
    private final CurrentCaller current;

    public AuthenticationFilter(AgentKeys keys, CurrentCaller current) {
        this.keys = keys;
        this.current = current;
    }

    @ServerRequestFilter(preMatching = true)
    public Response authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/v1/") || path.startsWith("/api/v1/ingest/")) {
            return null;
        }
        String key = request.getHeaderString("X-API-Key");
        if (key == null || key.isBlank()) {
            return ProblemException.unauthorized("authenticate with X-API-Key").toResponse(path);
        }
        var caller = keys.find(key);
        if (caller.isEmpty()) {
            return ProblemException.unauthorized("the X-API-Key is not a known agent key").toResponse(path);
        }
        current.set(caller.get());
        return null;
    }
}
