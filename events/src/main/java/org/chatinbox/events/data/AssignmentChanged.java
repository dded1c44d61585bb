package org.chatinbox.events.data;

import org.chatinbox.events.validation.ConversationId;
import org.chatinbox.events.validation.Identifier;
import org.chatinbox.events.validation.Text;

/**
 * {@code inbox.assignment.changed}, written by handoff-service: the conversation's assignee ({@code null} when unassigned) and
 * the one before.
 */
public record AssignmentChanged(
        @Identifier String workspaceId,
        @ConversationId String conversationId,
        @Text(max = 128) String assignee,
        @Text(max = 128) String previousAssignee,
        @Text(max = 128) String actor,
        @Text(max = 1024) String reason) implements EventData {
}
