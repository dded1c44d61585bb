package org.chatinbox.gateway.search;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.chatinbox.api.rest.ListFilters;
import org.chatinbox.gateway.client.ConversationClient;
import org.chatinbox.gateway.client.Downstream;
import org.chatinbox.gateway.client.SearchClient;
import org.chatinbox.gateway.client.SearchClient.ConversationQuery;
import org.chatinbox.gateway.client.SearchClient.WordsQuery;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The conversation list filtered by keyword ({@code q}): search-service keeps each conversation's state beside its messages, so
 * it answers the keyword and every other filter in one query, in the list's order, with its own cursor and an exact total.
 * conversation-service then gives the page's conversations as the list shows them (one call for the page's ids).
 */
@ApplicationScoped
public class KeywordFilteredList {

    static final String CONVERSATIONS = "conversation-service";
    static final String SEARCH = "search-service";

    private final ConversationClient conversations;
    private final SearchClient search;
    private final ObjectMapper json;

    public KeywordFilteredList(@RestClient ConversationClient conversations, @RestClient SearchClient search,
            ObjectMapper json) {
        this.conversations = conversations;
        this.search = search;
        this.json = json;
    }

    public Response list(ListFilters filters, String q, Integer limit, String cursor) {
        Response matches = Downstream.relay(SEARCH,
                () -> search.conversations(filters, new ConversationQuery(q, limit, cursor)));
        if (matches.getStatus() != 200) {
            return matches; // a bad q, filter or cursor is named by search-service; an unavailable one is a 503
        }
        JsonNode found = Bodies.read(json, matches);
        List<String> ids = Bodies.texts(found.path("conversationIds"));
        ObjectNode body = json.createObjectNode();
        ArrayNode items = body.putArray("items");
        if (!ids.isEmpty()) {
            Response page = Downstream.relay(CONVERSATIONS,
                    () -> conversations.selection(new ListFilters(), ids.size(), null, new ConversationClient.Selection(ids)));
            if (page.getStatus() != 200) {
                return page;
            }
            Map<String, JsonNode> byId = new HashMap<>();
            Bodies.read(json, page).path("items").forEach(item -> byId.put(item.path("id").asText(), item));
            // the search's order; a conversation the read model has not stored yet is left out of this page
            ids.stream().map(byId::get).filter(item -> item != null).forEach(items::add);
        }
        body.set("nextCursor", found.path("nextCursor").isTextual() ? found.path("nextCursor") : null);
        body.put("total", found.path("total").asLong());
        return Response.ok(body.toString(), MediaType.APPLICATION_JSON).build();
    }

    /** The counters of the list filtered by keyword, exact. */
    public Response counts(ListFilters filters, String q) {
        return Downstream.relay(SEARCH, () -> search.counts(filters, new WordsQuery(q)));
    }
}
