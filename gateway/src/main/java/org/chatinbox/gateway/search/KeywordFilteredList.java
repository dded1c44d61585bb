package org.chatinbox.gateway.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.chatinbox.gateway.client.ConversationClient;
import org.chatinbox.gateway.client.Downstream;
import org.chatinbox.gateway.client.SearchClient;
import org.chatinbox.gateway.client.SearchClient.ConversationQuery;
import org.chatinbox.gateway.config.GatewayConfig;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The conversation list filtered by keyword ({@code q}): search-service knows which conversations have a matching message,
 * conversation-service owns the list, its other filters, its order and its cursor. The answer is always a page of the list in
 * the list's own order, and its cursor is the list's, so pages never repeat or skip a conversation.
 * <ul>
 * <li>A keyword matching few conversations (up to {@code max-matches}): the list is asked for exactly those.</li>
 * <li>A keyword matching more: the list is walked a page at a time and search-service says which of each page match, until the
 * page is full; after {@code max-scanned} conversations the answer is a short page whose cursor goes on from there.</li>
 * </ul>
 */
@ApplicationScoped
public class KeywordFilteredList {

    private static final String CONVERSATIONS = "conversation-service";
    private static final String SEARCH = "search-service";
    private static final int DEFAULT_LIMIT = 20;

    private final ConversationClient conversations;
    private final SearchClient search;
    private final ObjectMapper json;
    private final int maxMatches;
    private final int maxScanned;
    private final int walkPage;

    public KeywordFilteredList(@RestClient ConversationClient conversations, @RestClient SearchClient search,
            ObjectMapper json, GatewayConfig config) {
        this.conversations = conversations;
        this.search = search;
        this.json = json;
        this.maxMatches = Math.min(config.search().maxMatches(), 1000);
        this.maxScanned = config.search().maxScanned();
        this.walkPage = Math.min(100, maxScanned);
    }

    public Response list(ListQuery query, String q, Integer limit, String cursor) {
        Response matches = Downstream.relay(SEARCH, () -> search.conversations(new ConversationQuery(q, null, maxMatches)));
        if (matches.getStatus() != 200) {
            return matches; // a bad q is named by search-service; an unavailable one is a 503
        }
        JsonNode found = read(matches);
        if (found.path("complete").asBoolean()) {
            List<String> ids = Bodies.texts(found.path("conversationIds"));
            return Downstream.relay(CONVERSATIONS, () -> query.selection(conversations, ids, limit, cursor));
        }
        return walk(query, q, limit == null ? DEFAULT_LIMIT : limit, cursor);
    }

    /**
     * The counters of the list filtered by keyword: exact for a keyword matching up to {@code max-matches} conversations;
     * beyond, counted over that many of them, so each is a lower bound and {@code exact} is false.
     */
    public Response counts(ListQuery query, String q) {
        Response matches = Downstream.relay(SEARCH, () -> search.conversations(new ConversationQuery(q, null, maxMatches)));
        if (matches.getStatus() != 200) {
            return matches;
        }
        JsonNode found = read(matches);
        List<String> ids = Bodies.texts(found.path("conversationIds"));
        Response counts = Downstream.relay(CONVERSATIONS, () -> query.countsOf(conversations, ids));
        if (counts.getStatus() != 200 || found.path("complete").asBoolean()) {
            return counts;
        }
        ObjectNode body = (ObjectNode) read(counts);
        body.put("exact", false);
        return Response.ok(body.toString(), MediaType.APPLICATION_JSON).build();
    }

    /** Walks the list until one match more than the page holds, so the list's own cursor says where the next page begins. */
    private Response walk(ListQuery query, String q, int limit, String cursor) {
        List<String> kept = new ArrayList<>();
        String at = cursor;
        int scanned = 0;
        while (kept.size() <= limit && scanned < maxScanned) {
            String from = at;
            Response page = Downstream.relay(CONVERSATIONS, () -> query.list(conversations, walkPage, from));
            if (page.getStatus() != 200) {
                return page;
            }
            JsonNode listed = read(page);
            List<String> ids = Bodies.itemIds(listed);
            at = Bodies.nextCursor(listed);
            scanned += ids.size();
            if (!ids.isEmpty()) {
                Response among = Downstream.relay(SEARCH,
                        () -> search.conversations(new ConversationQuery(q, ids, null)));
                if (among.getStatus() != 200) {
                    return among;
                }
                Set<String> matching = new HashSet<>(Bodies.texts(read(among).path("conversationIds")));
                ids.stream().filter(matching::contains).forEach(kept::add);
            }
            if (at == null) {
                break;
            }
        }
        if (kept.size() > limit || at == null) {
            // the selection's cursor is right: after the page's last match, or none at the end of the list
            return Downstream.relay(CONVERSATIONS, () -> query.selection(conversations, kept, limit, cursor));
        }
        // the walk stopped early: a short page, and a cursor after the last conversation looked at
        Response page = kept.isEmpty()
                ? null
                : Downstream.relay(CONVERSATIONS, () -> query.selection(conversations, kept, limit, cursor));
        if (page != null && page.getStatus() != 200) {
            return page;
        }
        ObjectNode body = page == null
                ? json.createObjectNode().<ObjectNode>set("items", json.createArrayNode())
                : (ObjectNode) read(page);
        body.put("nextCursor", at);
        return Response.ok(body.toString(), MediaType.APPLICATION_JSON).build();
    }

    private JsonNode read(Response response) {
        return Bodies.read(json, response);
    }
}
