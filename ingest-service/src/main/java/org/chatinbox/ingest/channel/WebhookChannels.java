package org.chatinbox.ingest.channel;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.ingest.config.IngestConfig;
import org.chatinbox.problem.ProblemException;

/** The configured webhook channels and the checks that prove a call comes from the platform. */
@ApplicationScoped
public class WebhookChannels {

    private final IngestConfig config;

    public WebhookChannels(IngestConfig config) {
        this.config = config;
    }

    /** The channel of a webhook URL, or {@code 404} when it is not one of this platform. */
    public IngestConfig.WebhookChannel find(String channelId, IngestConfig.Platform platform) {
        IngestConfig.WebhookChannel channel = config.channels().get(channelId);
        if (channel == null || channel.platform() != platform) {
            throw ProblemException.notFound("no " + platform + " channel '" + channelId + "'");
        }
        return channel;
    }

    /** Telegram sends the {@code secret_token} of {@code setWebhook} back in every call; compared in constant time. */
    public static void checkTelegramToken(IngestConfig.WebhookChannel channel, String token) {
        if (token == null || !MessageDigest.isEqual(bytes(channel.secret()), bytes(token))) {
            throw ProblemException.unauthorized("X-Telegram-Bot-Api-Secret-Token is missing or wrong");
        }
    }

    /** Meta signs the raw body: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 with the app secret>}. */
    public static void checkMetaSignature(IngestConfig.WebhookChannel channel, String header, byte[] body) {
        if (header == null || !header.startsWith("sha256=")) {
            throw ProblemException.unauthorized("X-Hub-Signature-256 is missing");
        }
        byte[] expected = hmacSha256(channel.secret(), body);
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(header.substring("sha256=".length()));
        } catch (IllegalArgumentException e) {
            throw ProblemException.unauthorized("X-Hub-Signature-256 is not a hex digest");
        }
        if (!MessageDigest.isEqual(expected, presented)) {
            throw ProblemException.unauthorized("X-Hub-Signature-256 does not match the body");
        }
    }

    public static byte[] hmacSha256(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(bytes(secret), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
