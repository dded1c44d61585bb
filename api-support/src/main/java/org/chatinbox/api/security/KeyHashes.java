package org.chatinbox.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Configured keys held only as SHA-256 hashes: a presented key is hashed and looked up, so no plain key stays in memory longer
 * than the configuration itself and none is ever logged. A key is configured as its hash, or plainly (hashed here).
 */
public final class KeyHashes<T> {

    private final Map<String, T> byHash = new HashMap<>();

    /**
     * Adds a configured key; returns its hash.
     *
     * @param setting
     *            the configuration key it comes from, named when neither the key nor its hash is set
     */
    public String add(String setting, Optional<String> sha256, Optional<String> key, T owner) {
        String hash = sha256.map(h -> h.toLowerCase(Locale.ROOT)).or(() -> key.map(KeyHashes::sha256))
                .orElseThrow(() -> new IllegalStateException(setting + " needs key or key-sha256"));
        byHash.put(hash, owner);
        return hash;
    }

    /** The owner of the presented key; empty when there is none or it is not known. */
    public Optional<T> find(String presentedKey) {
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
