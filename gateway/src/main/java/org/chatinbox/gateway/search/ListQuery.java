package org.chatinbox.gateway.search;

import java.util.List;

import jakarta.ws.rs.core.Response;

import org.chatinbox.api.rest.ListFilters;
import org.chatinbox.gateway.client.ConversationClient;

/** The conversation list's filters as the caller gave them, and the calls that pass them on to conversation-service. */
public record ListQuery(ListFilters filters) {

    public Response list(ConversationClient conversations, Integer limit, String cursor) {
        return conversations.list(filters, limit, cursor);
    }

    public Response selection(ConversationClient conversations, List<String> ids, Integer limit, String cursor) {
        return conversations.selection(filters, limit, cursor, new ConversationClient.Selection(ids));
    }

    public Response countsOf(ConversationClient conversations, List<String> ids) {
        return conversations.countsOfSelection(filters, new ConversationClient.Selection(ids));
    }

    public Response counts(ConversationClient conversations) {
        return conversations.counts(filters);
    }

    /** Whether a filter asks about the conversation's state, which only conversation-service knows. */
    public boolean narrowsByState() {
        return filters.narrowsByState();
    }

    /** The same filters on the conversations themselves, without the time range (a search puts it on the messages). */
    public ListQuery withoutTimes() {
        return new ListQuery(filters.withoutTimes());
    }
}
