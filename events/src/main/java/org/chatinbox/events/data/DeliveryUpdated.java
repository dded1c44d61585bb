package org.chatinbox.events.data;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import org.chatinbox.events.validation.ConversationId;
import org.chatinbox.events.validation.Identifier;
import org.chatinbox.events.validation.Text;

/** {@code inbox.delivery.updated} on {@code inbox.delivery}, written by ingest-service per outbound message. */
public record DeliveryUpdated(
        @Identifier String workspaceId,
        @ConversationId String conversationId,
        @Identifier String messageId,
        @NotNull DeliveryState state,
        @PositiveOrZero int attempt,
        @Text(max = 2048) String error) implements EventData {
}
