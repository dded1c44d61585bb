package org.chatinbox.ingest.security;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.api.security.KeyHashes;
import org.chatinbox.ingest.config.IngestConfig;
import org.chatinbox.problem.ProblemException;

/**
 * The configured channel keys, held only as SHA-256 hashes ({@link KeyHashes}): no plain key is kept or logged.
 */
@ApplicationScoped
public class ChannelKeys {

    /** A caller that presented a valid key. */
    public record Caller(String name, String workspace, List<String> bots, int ratePerSecond) {

        public boolean mayWriteFor(String botId) {
            return bots.isEmpty() || bots.contains(botId);
        }
    }

    private final KeyHashes<Caller> keys = new KeyHashes<>();

    public ChannelKeys(IngestConfig config) {
        config.channelKeys().forEach((name, key) -> keys.add("inbox.ingest.channel-keys." + name, key.keySha256(), key.key(),
                new Caller(name, key.workspace(), key.bots().orElse(List.of()),
                        key.ratePerSecond().orElse(config.rate().perSecond()))));
    }

    /** The caller whose key this is; {@code 401} when there is none or it is not known. */
    public Caller authenticate(String presentedKey) {
        return keys.find(presentedKey).orElseThrow(() -> ProblemException.unauthorized(
                presentedKey == null || presentedKey.isBlank()
                        ? "the X-API-Key header is missing"
                        : "the X-API-Key is not a known channel key"));
    }

}
