package org.chatinbox.events.data;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.chatinbox.events.validation.ConversationId;
import org.chatinbox.events.validation.Identifier;
import org.chatinbox.events.validation.Text;

/**
 * {@code inbox.conversation.updated}, written by conversation-service: the conversation's status and labels after a change.
 * {@code snoozedUntil} is set only while snoozed.
 */
public record ConversationUpdated(
        @Identifier String workspaceId,
        @ConversationId String conversationId,
        @NotNull Status status,
        Instant snoozedUntil,
        @NotNull @Size(max = 50) List<@NotNull @Text(min = 1, max = 64) String> labels,
        @Text(max = 128) String actor) implements EventData {
}
