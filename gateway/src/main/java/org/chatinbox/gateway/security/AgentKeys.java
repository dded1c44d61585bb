package org.chatinbox.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.gateway.config.GatewayConfig;

import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Agent API keys, held as SHA-256 hashes: a presented key is hashed and looked up; no plain key is kept or logged. Outside the
 * local and test profiles the gateway refuses to start while a demo key of the contract is configured.
 */
@ApplicationScoped
public class AgentKeys {

    static final Set<String> DEMO_KEYS = Set.of("demo-alice-key", "demo-bob-key", "demo-admin-key", "other-olga-key",
            "bench-agent-key");

    private final Map<String, Caller> byHash = new HashMap<>();

    public AgentKeys(GatewayConfig config) {
        List<String> profiles = ConfigUtils.getProfiles();
        boolean demoAllowed = profiles.contains("local") || profiles.contains("test");
        Set<String> demoHashes = Set.copyOf(DEMO_KEYS.stream().map(AgentKeys::sha256).toList());
        config.agents().forEach((agentId, key) -> {
            String hash = key.keySha256().map(h -> h.toLowerCase(Locale.ROOT)).or(() -> key.key().map(AgentKeys::sha256))
                    .orElseThrow(() -> new IllegalStateException("inbox.agents." + agentId + " needs key or key-sha256"));
            if (!demoAllowed && demoHashes.contains(hash)) {
                throw new IllegalStateException("the demo key of agent '" + agentId + "' is configured in profile " + profiles
                        + "; demo keys exist only in the local profile");
            }
            byHash.put(hash, new Caller(agentId, key.workspace(), List.copyOf(key.roles())));
        });
    }

    public Optional<Caller> find(String presentedKey) {
        if (presentedKey == null || presentedKey.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(byHash.get(sha256(presentedKey)));
    }

    static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
