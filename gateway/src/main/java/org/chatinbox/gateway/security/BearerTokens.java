package org.chatinbox.gateway.security;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.api.security.Caller;
import org.chatinbox.gateway.config.GatewayConfig;
import org.chatinbox.problem.ProblemException;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * {@code Authorization: Bearer} tokens of an existing OIDC provider, verified with SmallRye JWT against the configured key (or
 * JWKS) and issuer: {@code sub} is the agent, {@code workspace} its workspace, {@code groups} its roles.
 */
@ApplicationScoped
public class BearerTokens {

    static final Set<String> ROLES = Set.of("agent", "admin");

    private final Optional<DefaultJWTParser> parser;

    public BearerTokens(GatewayConfig config) {
        this.parser = config.jwt().publicKeyLocation().map(location -> {
            JWTAuthContextInfo context = new JWTAuthContextInfo(location, config.jwt().issuer().orElse(null));
            return new DefaultJWTParser(context);
        });
    }

    public Caller verify(String token) {
        if (parser.isEmpty()) {
            throw ProblemException.unauthorized("bearer tokens are not accepted here; use X-API-Key");
        }
        JsonWebToken jwt;
        try {
            jwt = parser.get().parse(token);
        } catch (ParseException e) {
            throw ProblemException.unauthorized("the bearer token is invalid or expired");
        }
        Object workspace = jwt.getClaim("workspace");
        if (jwt.getSubject() == null || workspace == null || workspace.toString().isBlank()) {
            throw ProblemException.unauthorized("the bearer token must carry sub and workspace");
        }
        List<String> roles = jwt.getGroups() == null
                ? List.of()
                : jwt.getGroups().stream().filter(ROLES::contains).sorted().toList();
        if (roles.isEmpty()) {
            throw ProblemException.forbidden("the token's groups include neither agent nor admin");
        }
        return new Caller(workspace.toString().replace("\"", ""), jwt.getSubject(), roles);
    }
}
