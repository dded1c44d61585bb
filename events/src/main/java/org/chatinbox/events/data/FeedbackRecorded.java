package org.chatinbox.events.data;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.chatinbox.events.validation.ConversationId;
import org.chatinbox.events.validation.Identifier;

/** {@code inbox.feedback.recorded}: a rating of a bot message. A later rating of the same message replaces it. */
public record FeedbackRecorded(
        @Identifier String workspaceId,
        @ConversationId String conversationId,
        @Identifier String messageId,
        @NotNull Rating rating,
        @Size(max = 4096) String comment) implements EventData {
}
