package org.chatinbox.ingest.channel;

import java.time.Instant;
import java.util.Optional;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Role;
import org.chatinbox.events.data.Sender;
import org.chatinbox.events.data.Session;
import org.chatinbox.ingest.config.IngestConfig;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Telegram Bot API {@code Update} as an {@code inbox.message.created}. Only text messages (of a chat or a channel) become
 * messages; every other update is acknowledged and ignored. The event id is made of the chat and Telegram's {@code message_id},
 * so a redelivered update is a duplicate for every consumer.
 */
public final class TelegramUpdates {

    private TelegramUpdates() {
    }

    public static Optional<CloudEvent<MessageCreated>> toEvent(String channelId, IngestConfig.WebhookChannel channel,
            JsonNode update) {
        JsonNode message = update.path("message");
        if (!message.isObject()) {
            message = update.path("channel_post");
        }
        JsonNode text = message.path("text");
        if (!text.isTextual() || !message.path("chat").path("id").isIntegralNumber()) {
            return Optional.empty();
        }
        String chatId = message.path("chat").path("id").asText();
        String messageId = message.path("message_id").asText();
        JsonNode from = message.path("from");
        String name = (from.path("first_name").asText("") + " " + from.path("last_name").asText("")).trim();
        Sender sender = new Sender(Role.VISITOR, from.path("id").isMissingNode() ? null : from.path("id").asText(),
                name.isEmpty() ? from.path("username").asText(null) : name);
        String locale = from.path("language_code").asText(null);
        Session session = locale == null ? null : new Session(null, null, null, null, locale, null, null, null, null);
        String conversationId = PlatformIds.id("tg:", chatId);
        MessageCreated data = new MessageCreated(channel.workspace(), channel.bot(), "telegram", conversationId,
                PlatformIds.id("tg:", chatId + ":" + messageId), sender, text.asText(), null, session, null);
        Instant time = message.path("date").isIntegralNumber()
                ? Instant.ofEpochSecond(message.path("date").asLong())
                : Instant.now();
        String eventId = "telegram:" + channelId + ":" + chatId + ":" + messageId;
        return Optional.of(CloudEvent.of(eventId, "/channels/telegram/" + channelId, time, data));
    }
}
