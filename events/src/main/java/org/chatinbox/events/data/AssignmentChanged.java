package org.chatinbox.events.data;

import jakarta.validation.constraints.Size;

import org.chatinbox.events.validation.ConversationId;
import org.chatinbox.events.validation.Identifier;

/**
 * {@code inbox.assignment.changed}, written by handoff-service: the conversation's assignee ({@code null} when unassigned) and
 * the one before.
 */
public record AssignmentChanged(
        @Identifier String workspaceId,
        @ConversationId String conversationId,
        @Size(max = 128) String assignee,
        @Size(max = 128) String previousAssignee,
        @Size(max = 128) String actor,
        @Size(max = 1024) String reason) implements EventData {
}
