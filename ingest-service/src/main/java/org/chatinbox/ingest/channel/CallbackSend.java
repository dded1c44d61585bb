package org.chatinbox.ingest.channel;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import org.chatinbox.events.CloudEvent;

/**
 * The outbound half of a channel without a platform of its own, a bot's notices, and integration webhooks: the event itself
 * (CloudEvents JSON) posted to the bot's callback or the webhook, signed
 * {@code X-Inbox-Signature: sha256=<hex HMAC-SHA256 of the raw body>} with its secret, with {@code X-Inbox-Delivery} (the same
 * on every retry), {@code X-Inbox-Event-Id} and {@code X-Inbox-Timestamp} (epoch seconds).
 */
public final class CallbackSend {

    public static final String SIGNATURE = "X-Inbox-Signature";
    public static final String DELIVERY = "X-Inbox-Delivery";
    public static final String TIMESTAMP = "X-Inbox-Timestamp";
    public static final String EVENT_ID = "X-Inbox-Event-Id";

    private CallbackSend() {
    }

    /**
     * @param deliveryId
     *            the same on every attempt of this delivery ({@code X-Inbox-Delivery}, and the {@code Idempotency-Key})
     * @param eventId
     *            the event's own id ({@code X-Inbox-Event-Id}): the same in every delivery of it
     */
    public static HttpRequest request(URI url, String secret, byte[] event, String deliveryId, String eventId, Instant now,
            Duration timeout) {
        return OutboundHttp.post(url, CloudEvent.CONTENT_TYPE, event, deliveryId, timeout)
                .header(SIGNATURE, signature(secret, event)).header(DELIVERY, deliveryId).header(EVENT_ID, eventId)
                .header(TIMESTAMP, Long.toString(now.getEpochSecond())).build();
    }

    public static String signature(String secret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(WebhookChannels.hmacSha256(secret, body));
    }
}
