package org.chatinbox.service.model;

import java.util.Comparator;

/**
 * A conversation as the services key it: conversation ids are unique within a workspace only. Ordered, so that batches lock the
 * rows they share in the same order and wait for each other instead of deadlocking.
 */
public record ConversationKey(String workspaceId, String conversationId) implements Comparable<ConversationKey> {

    private static final Comparator<ConversationKey> ORDER = Comparator.comparing(ConversationKey::workspaceId)
            .thenComparing(ConversationKey::conversationId);

    @Override
    public int compareTo(ConversationKey other) {
        return ORDER.compare(this, other);
    }
}
