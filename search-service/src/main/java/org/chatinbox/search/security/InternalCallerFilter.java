package org.chatinbox.search.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.chatinbox.problem.ProblemException;
import org.chatinbox.search.config.SearchConfig;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Only the gateway may call the API: it authenticates the user and passes the caller's workspace on internal headers, with the
 * internal token that proves the call comes from it. A call without the token is refused, whatever else it claims.
 */
@ApplicationScoped
public class InternalCallerFilter {

    static final String TOKEN = "X-Inbox-Token";
    static final String WORKSPACE = "X-Inbox-Workspace";
    static final String AGENT = "X-Inbox-Agent";
    private final byte[] token;
    private final CurrentCaller current;

    public InternalCallerFilter(SearchConfig config, CurrentCaller current) {
        this.token = config.internal().token().getBytes(StandardCharsets.UTF_8);
        this.current = current;
    }

    @ServerRequestFilter
    public void authenticate(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
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
        current.set(new Caller(workspace, request.getHeaderString(AGENT)));
    }
}
