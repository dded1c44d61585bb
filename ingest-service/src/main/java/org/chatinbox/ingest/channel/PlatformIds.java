package org.chatinbox.ingest.channel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Contract identifiers from platform ids. A platform id that already fits {@code [A-Za-z0-9._:-]{1,128}} is kept readable; any
 * other (Messenger's {@code mid.$c...}, long WhatsApp ids) becomes a stable hash, so the same platform message always gets the
 * same id and a platform's retry stays a duplicate.
 */
final class PlatformIds {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private PlatformIds() {
    }

    static String id(String prefix, String platformId) {
        String candidate = prefix + platformId;
        if (IDENTIFIER.matcher(candidate).matches()) {
            return candidate;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(platformId.getBytes(StandardCharsets.UTF_8));
            return prefix + "h." + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
