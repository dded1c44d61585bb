package org.chatinbox.gateway.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Who may call the public API, and the token that proves the gateway's calls to the services. From Secrets in production. */
@ConfigMapping(prefix = "inbox")
public interface GatewayConfig {

    /** Agent API keys, by agent id. */
    Map<String, AgentKey> agents();

    /** The token sent to the services with every call ({@code X-Inbox-Token}). */
    Internal internal();

    /** Bearer tokens of an OIDC provider; without a key, only API keys are accepted. */
    Jwt jwt();

    interface Jwt {

        /** The provider's public key: a PEM or JWK file, or the JWKS URL. */
        Optional<String> publicKeyLocation();

        /** The {@code iss} every token must carry. */
        Optional<String> issuer();
    }

    interface AgentKey {

        /** The key as the agent sends it in {@code X-API-Key}. */
        Optional<String> key();

        /** Or its SHA-256 in hex, so the plain key need not be in configuration. */
        Optional<String> keySha256();

        /** The agent's workspace: every answer is scoped to it. */
        String workspace();

        /** {@code agent} and/or {@code admin}. */
        @WithDefault("agent")
        List<String> roles();
    }

    interface Internal {
        String token();
    }
}
