package org.chatinbox.events.data;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.chatinbox.events.validation.ConversationId;
import org.chatinbox.events.validation.Identifier;

/**
 * {@code inbox.handoff.changed}, written by handoff-service: the conversation's mode, who holds it, and whether it waits for a
 * human. {@code actor} is the agent who caused the change, or {@code bot}/{@code system}.
 */
public record HandoffChanged(
        @Identifier String workspaceId,
        @ConversationId String conversationId,
        @NotNull Mode mode,
        @Size(max = 128) String holder,
        boolean needsHuman,
        @Size(max = 128) String actor,
        @Size(max = 1024) String reason) implements EventData {
}
