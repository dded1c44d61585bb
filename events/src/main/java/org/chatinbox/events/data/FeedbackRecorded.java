package org.chatinbox.events.data;

import jakarta.validation.constraints.NotNull;

import org.chatinbox.events.validation.ConversationId;
import org.chatinbox.events.validation.Identifier;
import org.chatinbox.events.validation.Text;

/** {@code inbox.feedback.recorded}: a rating of a bot message. A later rating of the same message replaces it. */
public record FeedbackRecorded(
        @Identifier String workspaceId,
        @ConversationId String conversationId,
        @Identifier String messageId,
        @NotNull Rating rating,
        @Text(max = 4096) String comment) implements EventData {
}
