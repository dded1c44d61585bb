package org.chatinbox.ingest.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.ingest.config.IngestConfig;

/**
 * Webhook secrets at rest: a webhook's calls are signed with its secret (HMAC needs it in clear), so it is kept encrypted with
 * AES-256-GCM under the service's key, each with a random nonce; the database alone never reveals one.
 */
@ApplicationScoped
public class SecretBox {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(IngestConfig config) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(config.webhooks().encryptionKey().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("inbox.ingest.webhooks.encryption-key is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("inbox.ingest.webhooks.encryption-key must be 32 bytes (base64 of an AES-256 key)");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    public byte[] seal(String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String open(byte[] sealed) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            return new String(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a webhook secret cannot be opened with the configured key", e);
        }
    }

    /** A new secret for a webhook registered without one: 32 random bytes. */
    public String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
