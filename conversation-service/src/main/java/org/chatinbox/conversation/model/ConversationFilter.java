package org.chatinbox.conversation.model;

import java.time.Instant;
import java.util.List;

/**
 * The list filters of contract §4 but {@code q}, which the gateway resolves with search-service. {@code assignee} is an agent
 * id or {@link #UNASSIGNED}; {@code labels} match any; {@code since} is inclusive, {@code until} exclusive, on
 * {@code lastMessageAt}; {@code ids} restricts the list to those conversations; {@code botFailed} to those the bot failed (or
 * not). Null means "any".
 */
public record ConversationFilter(String botId, String channel, String assignee, String mode, String status,
        Boolean needsHuman, List<String> labels, Instant since, Instant until, List<String> ids, Boolean botFailed) {

    public static final String UNASSIGNED = "none";
}
