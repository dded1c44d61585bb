package org.chatinbox.ingest.channel;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;

/**
 * The outbound half of a Meta channel, through the Graph API: Messenger's Send API ({@code /{page-id}/messages} to the
 * visitor's page-scoped id) and the WhatsApp Cloud API ({@code /{phone-number-id}/messages} to the visitor's WhatsApp id). The
 * recipient is in the conversation id ({@code messenger:<psid>}, {@code whatsapp:<wa_id>}, as {@link MetaWebhooks} made it).
 */
public final class MetaSend {

    private MetaSend() {
    }

    /** The visitor of a conversation made from Meta webhooks, for {@code messenger} or {@code whatsapp}. */
    public static Optional<String> recipient(String channel, String conversationId) {
        String prefix = channel + ":";
        if (!conversationId.startsWith(prefix)) {
            return Optional.empty();
        }
        String id = conversationId.substring(prefix.length());
        // an id too odd to keep readable was hashed on the way in: the visitor cannot be told from it
        return id.isEmpty() || id.startsWith("h.") ? Optional.empty() : Optional.of(id);
    }

    public static HttpRequest messenger(URI graph, String pageId, String accessToken, String psid, String text,
            String idempotencyKey, Duration timeout) {
        byte[] body = OutboundHttp.json(OutboundHttp.object("recipient", OutboundHttp.object("id", psid), "messaging_type",
                "RESPONSE", "message", OutboundHttp.object("text", text)));
        return call(graph, pageId, accessToken, body, idempotencyKey, timeout);
    }

    public static HttpRequest whatsapp(URI graph, String phoneNumberId, String accessToken, String to, String text,
            String idempotencyKey, Duration timeout) {
        byte[] body = OutboundHttp.json(OutboundHttp.object("messaging_product", "whatsapp", "recipient_type", "individual",
                "to", to, "type", "text", "text", OutboundHttp.object("body", text)));
        return call(graph, phoneNumberId, accessToken, body, idempotencyKey, timeout);
    }

    private static HttpRequest call(URI graph, String sender, String accessToken, byte[] body, String idempotencyKey,
            Duration timeout) {
        URI uri = URI.create(graph.toString().replaceAll("/+$", "") + "/" + sender + "/messages");
        return OutboundHttp.post(uri, "application/json", body, idempotencyKey, timeout)
                .header("Authorization", "Bearer " + accessToken).build();
    }
}
