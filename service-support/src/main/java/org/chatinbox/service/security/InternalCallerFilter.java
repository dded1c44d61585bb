package org.chatinbox.service.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.chatinbox.api.security.Caller;
import org.chatinbox.api.security.CurrentCaller;
import org.chatinbox.problem.ProblemException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Only the gateway may call the API: it authenticates the user and passes who is calling on internal headers, together with the
 * internal token that proves the call comes from it. A call without the token is refused, whatever else it claims.
 */
@ApplicationScoped
public class InternalCallerFilter {

    public static final String TOKEN = "X-Inbox-Token";
    public static final String WORKSPACE = "X-Inbox-Workspace";
    public static final String AGENT = "X-Inbox-Agent";
    public static final String ROLES = "X-Inbox-Roles";
    private final byte[] token;
    private final List<String> publicPaths;
    private final CurrentCaller current;

    /**
     * @param token
     *            the gateway's internal token ({@code inbox.internal.token}, from a Secret in production)
     * @param publicPaths
     *            path prefixes the service authenticates itself (ingest-service's channel routes, checked with channel keys)
     */
    public InternalCallerFilter(@ConfigProperty(name = "inbox.internal.token") String token,
            @ConfigProperty(name = "inbox.internal.public-paths") Optional<List<String>> publicPaths, CurrentCaller current) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.publicPaths = publicPaths.orElse(List.of());
        this.current = current;
    }

    @ServerRequestFilter
    public void authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/") || publicPaths.stream().anyMatch(path::startsWith)) {
            return;
        }
        String presented = request.getHeaderString(TOKEN);
        if (presented == null || !MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            throw ProblemException.unauthorized("this service answers the gateway only");
        }
        String workspace = request.getHeaderString(WORKSPACE);
        if (workspace == null || workspace.isBlank()) {
            throw ProblemException.unauthorized("the caller's workspace is missing");
        }
        String roles = request.getHeaderString(ROLES);
        current.set(new Caller(workspace, request.getHeaderString(AGENT), roles == null
                ? List.of()
                : Arrays.stream(roles.split(",")).map(String::trim).filter(r -> !r.isEmpty()).toList()));
    }
}
