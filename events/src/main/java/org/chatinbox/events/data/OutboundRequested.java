package org.chatinbox.events.data;

import jakarta.validation.constraints.NotNull;

import org.chatinbox.events.validation.ConversationId;
import org.chatinbox.events.validation.Identifier;
import org.chatinbox.events.validation.Text;

/**
 * {@code inbox.outbound.requested} on {@code inbox.outbound}, written by handoff-service: what a channel must deliver.
 * {@code messageId} and {@code text} are set for {@link OutboundKind#MESSAGE}.
 */
public record OutboundRequested(
        @Identifier String workspaceId,
        @Identifier String botId,
        @NotNull @Text(min = 1, max = 64) String channel,
        @ConversationId String conversationId,
        @NotNull OutboundKind kind,
        @Text(max = 128) String messageId,
        @Text(max = MessageCreated.MAX_TEXT_LENGTH) String text,
        @Text(max = 128) String agentId) implements EventData {
}
