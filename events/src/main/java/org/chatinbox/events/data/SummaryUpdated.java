package org.chatinbox.events.data;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import org.chatinbox.events.validation.ConversationId;
import org.chatinbox.events.validation.Identifier;
import org.chatinbox.events.validation.Text;

/** {@code inbox.summary.updated}, written by summary-service: the latest summary of a conversation. */
public record SummaryUpdated(
        @Identifier String workspaceId,
        @ConversationId String conversationId,
        @NotNull @Text(max = 8192) String text,
        @NotNull @Size(max = 20) List<@NotNull @Text(max = 1024) String> keyPoints,
        @Text(max = 1024) String visitorIntent,
        @NotNull Outcome outcome,
        @PositiveOrZero int messageCount,
        @NotNull Instant generatedAt,
        @NotNull @Text(max = 64) String method) implements EventData {
}
