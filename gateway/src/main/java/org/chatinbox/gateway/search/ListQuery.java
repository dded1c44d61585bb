package org.chatinbox.gateway.search;

import java.util.List;

import jakarta.ws.rs.core.Response;

import org.chatinbox.gateway.client.ConversationClient;

/** The conversation list's filters as the caller gave them, passed on to conversation-service unchanged. */
public record ListQuery(String botId, String channel, String assignee, String mode, String status, Boolean needsHuman,
        List<String> labels, String since, String until) {

    public Response list(ConversationClient conversations, Integer limit, String cursor) {
        return conversations.list(botId, channel, assignee, mode, status, needsHuman, labels, since, until, limit, cursor);
    }

    public Response selection(ConversationClient conversations, List<String> ids, Integer limit, String cursor) {
        return conversations.selection(botId, channel, assignee, mode, status, needsHuman, labels, since, until, limit, cursor,
                new ConversationClient.Selection(ids));
    }

    public Response countsOf(ConversationClient conversations, List<String> ids) {
        return conversations.countsOfSelection(botId, channel, assignee, mode, status, needsHuman, labels, since, until,
                new ConversationClient.Selection(ids));
    }

    /** Whether a filter asks about the conversation's state, which only conversation-service knows. */
    public boolean narrowsByState() {
        return assignee != null || mode != null || status != null || needsHuman != null
                || (labels != null && !labels.isEmpty());
    }

    /** The same filters on the conversations themselves, without the time range (a search puts it on the messages). */
    public ListQuery withoutTimes() {
        return new ListQuery(botId, channel, assignee, mode, status, needsHuman, labels, null, null);
    }

    public Response counts(ConversationClient conversations) {
        return conversations.counts(botId, channel, assignee, mode, status, needsHuman, labels, since, until);
    }
}
