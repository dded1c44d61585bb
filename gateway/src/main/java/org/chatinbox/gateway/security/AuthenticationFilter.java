package org.chatinbox.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.chatinbox.api.security.CurrentCaller;
import org.chatinbox.problem.ProblemException;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every call of the frontend API carries an agent's {@code X-API-Key} or an OIDC provider's bearer token. The ingest paths are
 * the channels' and are checked by ingest-service with its channel keys; health, metrics and OpenAPI are open.
 */
@ApplicationScoped
public class AuthenticationFilter {

    private final AgentKeys keys;
    private final BearerTokens tokens;
    private final CurrentCaller current;

    public AuthenticationFilter(AgentKeys keys, BearerTokens tokens, CurrentCaller current) {
        this.keys = keys;
        this.tokens = tokens;
        this.current = current;
    }

    @ServerRequestFilter(preMatching = true)
    public Response authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/v1/") || path.startsWith("/api/v1/ingest/")) {
            return null;
        }
        String authorization = request.getHeaderString("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            try {
                current.set(tokens.verify(authorization.substring(7).trim()));
                return null;
            } catch (ProblemException e) {
                return e.toResponse(path);
            }
        }
        String key = request.getHeaderString("X-API-Key");
        if (key == null || key.isBlank()) {
            return ProblemException.unauthorized("authenticate with X-API-Key or Authorization: Bearer").toResponse(path);
        }
        var caller = keys.find(key);
        if (caller.isEmpty()) {
            return ProblemException.unauthorized("the X-API-Key is not a known agent key").toResponse(path);
        }
        current.set(caller.get());
        return null;
    }
}
