package org.chatinbox.ingest.channel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Role;
import org.chatinbox.events.data.Sender;
import org.chatinbox.ingest.config.IngestConfig;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Meta webhook call (Messenger {@code object: page}, WhatsApp Cloud API {@code object: whatsapp_business_account}) as
 * {@code inbox.message.created} events: text messages, postbacks and button replies. Delivery and read receipts, statuses and
 * anything else are acknowledged and ignored. Event ids come from Meta's message ids, so Meta's retries are duplicates.
 */
public final class MetaWebhooks {

    private MetaWebhooks() {
    }

    public static List<CloudEvent<MessageCreated>> toEvents(String channelId, IngestConfig.WebhookChannel channel,
            JsonNode body) {
        List<CloudEvent<MessageCreated>> events = new ArrayList<>();
        for (JsonNode entry : body.path("entry")) {
            for (JsonNode messaging : entry.path("messaging")) {
                messenger(channelId, channel, messaging, events);
            }
            for (JsonNode change : entry.path("changes")) {
                if ("messages".equals(change.path("field").asText())) {
                    whatsapp(channelId, channel, change.path("value"), events);
                }
            }
        }
        return events;
    }

    private static void messenger(String channelId, IngestConfig.WebhookChannel channel, JsonNode messaging,
            List<CloudEvent<MessageCreated>> events) {
        JsonNode message = messaging.path("message");
        JsonNode postback = messaging.path("postback");
        String text;
        String mid;
        boolean echo = message.path("is_echo").asBoolean(false);
        if (message.path("text").isTextual()) {
            text = message.path("text").asText();
            mid = message.path("mid").asText();
        } else if (postback.isObject()) {
            text = postback.path("title").asText(postback.path("payload").asText(""));
            mid = postback.path("mid").asText("postback:" + messaging.path("sender").path("id").asText() + ":"
                    + messaging.path("timestamp").asText());
        } else {
            return; // delivery, read, reaction, attachment-only: acknowledged, not a text message
        }
        // an echo is the page's own message (the bot's reply); the visitor is then the recipient
        String visitor = (echo ? messaging.path("recipient") : messaging.path("sender")).path("id").asText();
        if (visitor.isEmpty() || mid.isEmpty()) {
            return;
        }
        Sender sender = echo ? new Sender(Role.BOT, channel.bot(), null) : new Sender(Role.VISITOR, visitor, null);
        MessageCreated data = new MessageCreated(channel.workspace(), channel.bot(), "messenger",
                PlatformIds.id("messenger:", visitor), PlatformIds.id("fb:", mid), sender, text, null, null, null);
        events.add(CloudEvent.of("meta:" + channelId + ":" + mid, "/channels/meta/" + channelId,
                time(messaging.path("timestamp").asLong(0) * 1_000_000L), data));
    }

    private static void whatsapp(String channelId, IngestConfig.WebhookChannel channel, JsonNode value,
            List<CloudEvent<MessageCreated>> events) {
        Map<String, String> names = new HashMap<>();
        for (JsonNode contact : value.path("contacts")) {
            names.put(contact.path("wa_id").asText(), contact.path("profile").path("name").asText(null));
        }
        for (JsonNode message : value.path("messages")) {
            String text = switch (message.path("type").asText()) {
                case "text" -> message.path("text").path("body").asText(null);
                case "button" -> message.path("button").path("text").asText(null);
                case "interactive" -> interactiveTitle(message.path("interactive"));
                default -> null; // media, location, reactions: not text, acknowledged
            };
            String from = message.path("from").asText();
            String id = message.path("id").asText();
            if (text == null || from.isEmpty() || id.isEmpty()) {
                continue;
            }
            MessageCreated data = new MessageCreated(channel.workspace(), channel.bot(), "whatsapp",
                    PlatformIds.id("whatsapp:", from), PlatformIds.id("wa:", id),
                    new Sender(Role.VISITOR, from, names.get(from)),
                    text, null, null, null);
            events.add(CloudEvent.of("meta:" + channelId + ":" + id, "/channels/meta/" + channelId,
                    time(message.path("timestamp").asLong(0) * 1_000_000_000L), data));
        }
    }

    private static String interactiveTitle(JsonNode interactive) {
        JsonNode reply = interactive.has("button_reply") ? interactive.path("button_reply") : interactive.path("list_reply");
        return reply.path("title").asText(null);
    }

    /** Messenger sends milliseconds, WhatsApp seconds; both arrive here as nanoseconds since the epoch. */
    private static Instant time(long epochNanos) {
        return epochNanos <= 0 ? Instant.now() : Instant.ofEpochSecond(0, epochNanos);
    }
}
