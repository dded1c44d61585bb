package org.chatinbox.conversation.model;

import java.time.Instant;

import org.chatinbox.events.data.Session;
import org.chatinbox.service.model.ConversationKey;

/**
 * What one batch's new messages say about one conversation: the row it creates, or moves along when it exists. The visitor is
 * the first visitor who wrote, the last message the newest, the session the newest one sent (null when none was);
 * {@code botFailed} whether a bot reply of the batch fell back.
 */
public record ConversationActivity(ConversationKey key, String botId, String channel, String visitorId, String visitorName,
        int messageCount, Instant firstAt, Instant lastAt, String lastMessageId, String lastMessageRole,
        String lastMessagePreview, Instant sessionAt, Session session, boolean botFailed) {
}
