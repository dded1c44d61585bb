package org.chatinbox.ingest.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.ingest.config.IngestConfig;
import org.chatinbox.problem.ProblemException;

/**
 * The configured channel keys, held only as SHA-256 hashes: a presented key is hashed and looked up, so no plain key stays in
 * memory longer than the configuration itself and no key is ever logged.
 */
@ApplicationScoped
public class ChannelKeys {

    /** A caller that presented a valid key. */
    public record Caller(String name, String workspace, List<String> bots, int ratePerSecond) {

        public boolean mayWriteFor(String botId) {
            return bots.isEmpty() || bots.contains(botId);
        }
    }

    private final Map<String, Caller> byHash = new HashMap<>();

    public ChannelKeys(IngestConfig config) {
        config.channelKeys().forEach((name, key) -> {
            String hash = key.keySha256().map(h -> h.toLowerCase(Locale.ROOT))
                    .or(() -> key.key().map(ChannelKeys::sha256))
                    .orElseThrow(() -> new IllegalStateException(
                            "inbox.ingest.channel-keys." + name + " needs key or key-sha256"));
            byHash.put(hash, new Caller(name, key.workspace(), key.bots().orElse(List.of()),
                    key.ratePerSecond().orElse(config.rate().perSecond())));
        });
    }

    /** The caller whose key this is; {@code 401} when there is none or it is not known. */
    public Caller authenticate(String presentedKey) {
        return find(presentedKey).orElseThrow(() -> ProblemException.unauthorized(
                presentedKey == null || presentedKey.isBlank()
                        ? "the X-API-Key header is missing"
                        : "the X-API-Key is not a known channel key"));
    }

    public Optional<Caller> find(String presentedKey) {
        if (presentedKey == null || presentedKey.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(byHash.get(sha256(presentedKey)));
    }

    public static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
