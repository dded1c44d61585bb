package org.chatinbox.ingest.security;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.enterprise.event.Observes;

import org.chatinbox.api.security.KeyHashes;
import org.chatinbox.ingest.config.IngestConfig;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * The demo keys of the contract (§5) are public knowledge: outside the local and test profiles the service refuses to start
 * while one of them is configured.
 */
public class DemoKeyGuard {

    static final Set<String> DEMO_SECRETS = Set.of("demo-channel-key", "other-channel-key", "demo-telegram-secret",
            "demo-meta-secret", "demo-verify-token", "bench-channel-key",
            // the webhook secrets' keys of the local and test profiles
            "bG9jYWwtd2ViaG9vay1rZXktMzItYnl0ZXMtbG9uZyE=", "dGVzdC13ZWJob29rLWtleS0zMi1ieXRlcy1sb25nISE=");

    void check(@Observes StartupEvent start, IngestConfig config) {
        List<String> profiles = ConfigUtils.getProfiles();
        if (profiles.contains("local") || profiles.contains("test")) {
            return;
        }
        Set<String> demoHashes = Set.copyOf(DEMO_SECRETS.stream().map(KeyHashes::sha256).toList());
        boolean demoKey = config.channelKeys().values().stream()
                .anyMatch(k -> k.key().filter(DEMO_SECRETS::contains).isPresent()
                        || k.keySha256().map(String::toLowerCase).filter(demoHashes::contains).isPresent());
        boolean demoSecret = config.channels().values().stream()
                .flatMap(c -> Stream.concat(Stream.of(c.secret()), c.verifyToken().stream()))
                .anyMatch(DEMO_SECRETS::contains) || DEMO_SECRETS.contains(config.webhooks().encryptionKey().trim());
        if (demoKey || demoSecret) {
            throw new IllegalStateException("a demo key or secret of the local profile is configured in profile "
                    + profiles
                    + "; configure real keys (inbox.ingest.channel-keys, inbox.ingest.channels, inbox.ingest.webhooks.encryption-key)");
        }
    }
}
