package org.chatinbox.ingest.channel;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import org.chatinbox.events.CloudEvent;

/**
 * The outbound half of a channel without a platform of its own, and a bot's notices: the event itself (CloudEvents JSON) posted
 * to the bot's callback, signed {@code X-Inbox-Signature: sha256=<hex HMAC-SHA256 of the raw body>} with the callback's secret,
 * with {@code X-Inbox-Delivery} (the event id, the same on every retry) and {@code X-Inbox-Timestamp} (epoch seconds).
 */
public final class CallbackSend {

    public static final String SIGNATURE = "X-Inbox-Signature";
    public static final String DELIVERY = "X-Inbox-Delivery";
    public static final String TIMESTAMP = "X-Inbox-Timestamp";

    private CallbackSend() {
    }

    public static HttpRequest request(URI url, String secret, byte[] event, String eventId, Instant now, Duration timeout) {
        return OutboundHttp.post(url, CloudEvent.CONTENT_TYPE, event, eventId, timeout)
                .header(SIGNATURE, signature(secret, event))
                .header(DELIVERY, eventId).header(TIMESTAMP, Long.toString(now.getEpochSecond())).build();
    }

    public static String signature(String secret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(WebhookChannels.hmacSha256(secret, body));
    }
}
