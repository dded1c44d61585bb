package org.chatinbox.summary.model;

import java.time.Instant;

import org.chatinbox.service.model.ConversationKey;

/**
 * What is known of a conversation beside its messages: its bot and channel (null until its first message), when it started, how
 * many messages it holds, when the bot asked for a human and when a human first took part (null when never), whether its
 * question was taken for the top questions, the visitor's latest message, and how many changes called for a new summary (as
 * read; the applier leaves it to the database to count).
 */
public record ConversationFacts(ConversationKey key, String botId, String channel, Instant startedAt, int messageCount,
        Instant humanRequestedAt, Instant humanAt, boolean questionTaken, VisitorMessage lastVisitorMessage, long changes) {

    /** A human was asked for or took part. */
    public boolean handedOff() {
        return humanRequestedAt != null || humanAt != null;
    }
}
