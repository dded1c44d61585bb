package org.chatinbox.handoff.model;

import java.util.List;

/**
 * An agent of a workspace with its open load: the conversations assigned to it and not resolved, and of those held by it, the
 * ones where the visitor waits for its answer.
 */
public record Agent(String agentId, String name, List<String> roles, boolean available, int openConversations,
        int waitingConversations) {
}
