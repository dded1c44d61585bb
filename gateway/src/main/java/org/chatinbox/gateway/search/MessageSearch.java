package org.chatinbox.gateway.search;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.chatinbox.api.rest.ListFilters;
import org.chatinbox.gateway.client.ConversationClient;
import org.chatinbox.gateway.client.Downstream;
import org.chatinbox.gateway.client.SearchClient;
import org.chatinbox.gateway.client.SearchClient.MessageQuery;
import org.chatinbox.gateway.client.SearchClient.SimilarQuery;
import org.chatinbox.gateway.client.SearchClient.WordsQuery;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The search box ({@code GET /search}) and the search inside one conversation: search-service finds, marks and counts the
 * matching messages, every list filter included ({@code since}/{@code until} on the message's time), in one query.
 */
@ApplicationScoped
public class MessageSearch {

    private final ConversationClient conversations;
    private final SearchClient search;

    public MessageSearch(@RestClient ConversationClient conversations, @RestClient SearchClient search) {
        this.conversations = conversations;
        this.search = search;
    }

    public Response search(ListFilters filters, String q, String role, Integer limit, String cursor) {
        return Downstream.relay(KeywordFilteredList.SEARCH,
                () -> search.messages(filters, new MessageQuery(q, null, role, limit, cursor)));
    }

    /** Completions of the words being typed, the last one a prefix. */
    public Response suggest(String q) {
        return Downstream.relay(KeywordFilteredList.SEARCH, () -> search.suggest(new WordsQuery(q)));
    }

    /** The conversations most like one the caller can see. */
    public Response similar(String conversationId, Integer limit) {
        Response conversation = Downstream.relay(KeywordFilteredList.CONVERSATIONS, () -> conversations.get(conversationId));
        if (conversation.getStatus() != 200) {
            return conversation; // another workspace's conversation is a 404 like an unknown one
        }
        return Downstream.relay(KeywordFilteredList.SEARCH, () -> search.similar(new SimilarQuery(conversationId, limit)));
    }

    /** The matches inside one conversation, which the caller must be able to see. */
    public Response within(String conversationId, String q, Integer limit, String cursor) {
        Response conversation = Downstream.relay(KeywordFilteredList.CONVERSATIONS, () -> conversations.get(conversationId));
        if (conversation.getStatus() != 200) {
            return conversation; // another workspace's conversation is a 404 like an unknown one
        }
        return Downstream.relay(KeywordFilteredList.SEARCH,
                () -> search.messages(new ListFilters(), new MessageQuery(q, List.of(conversationId), null, limit, cursor)));
    }
}
