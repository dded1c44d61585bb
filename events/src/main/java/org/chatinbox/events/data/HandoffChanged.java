package org.chatinbox.events.data;

import java.time.Instant;

import jakarta.validation.constraints.NotNull;

import org.chatinbox.events.validation.ConversationId;
import org.chatinbox.events.validation.Identifier;
import org.chatinbox.events.validation.Text;

/**
 * {@code inbox.handoff.changed}, written by handoff-service: the conversation's mode, who holds it, and whether it waits for a
 * human. {@code actor} is the agent who caused the change, or {@code bot}/{@code system}. On a take-over,
 * {@code humanRequestedAt} is when the bot asked for the human who now answers (null when it did not): how long the visitor
 * waited.
 */
public record HandoffChanged(
        @Identifier String workspaceId,
        @ConversationId String conversationId,
        @NotNull Mode mode,
        @Text(max = 128) String holder,
        boolean needsHuman,
        @Text(max = 128) String actor,
        @Text(max = 1024) String reason,
        Instant humanRequestedAt) implements EventData {
}
