package org.chatinbox.gateway.security;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.api.security.Caller;
import org.chatinbox.api.security.KeyHashes;
import org.chatinbox.gateway.config.GatewayConfig;

import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Agent API keys, held as SHA-256 hashes ({@link KeyHashes}): no plain key is kept or logged. Outside the local and test
 * profiles the gateway refuses to start while a demo key of the contract is configured.
 */
@ApplicationScoped
public class AgentKeys {

    static final Set<String> DEMO_KEYS = Set.of("demo-alice-key", "demo-bob-key", "demo-admin-key", "other-olga-key",
            "bench-agent-key");

    private final KeyHashes<Caller> keys = new KeyHashes<>();

    public AgentKeys(GatewayConfig config) {
        List<String> profiles = ConfigUtils.getProfiles();
        boolean demoAllowed = profiles.contains("local") || profiles.contains("test");
        Set<String> demoHashes = Set.copyOf(DEMO_KEYS.stream().map(KeyHashes::sha256).toList());
        config.agents().forEach((agentId, key) -> {
            String hash = keys.add("inbox.agents." + agentId, key.keySha256(), key.key(),
                    new Caller(key.workspace(), agentId, key.roles()));
            if (!demoAllowed && demoHashes.contains(hash)) {
                throw new IllegalStateException("the demo key of agent '" + agentId + "' is configured in profile " + profiles
                        + "; demo keys exist only in the local profile");
            }
        });
    }

    public Optional<Caller> find(String presentedKey) {
        return keys.find(presentedKey);
    }

}
