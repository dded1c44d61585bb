package org.chatinbox.events.data;

import org.chatinbox.events.validation.ConversationId;
import org.chatinbox.events.validation.Identifier;
import org.chatinbox.events.validation.Text;

/**
 * {@code inbox.handoff.requested}: the bot asks for a human. The conversation shows {@code needsHuman} until an agent takes
 * over.
 */
public record HandoffRequested(
        @Identifier String workspaceId,
        @ConversationId String conversationId,
        @Text(max = 1024) String reason) implements EventData {
}
