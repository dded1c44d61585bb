package org.chatinbox.handoff.model;

import java.time.Instant;

import org.chatinbox.service.model.ConversationKey;

/**
 * What one consumed batch's messages tell of a conversation: its bot and channel, and whether the visitor now waits for an
 * agent's answer. {@code visitorSince} is the first visitor message after the batch's last agent message (null when none);
 * {@code agentReplied} whether an agent answered in the batch.
 */
public record MessageActivity(ConversationKey key, String botId, String channel, Instant visitorSince,
        boolean agentReplied) {
}
