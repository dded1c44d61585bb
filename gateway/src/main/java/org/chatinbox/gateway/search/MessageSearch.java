package org.chatinbox.gateway.search;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.chatinbox.gateway.client.ConversationClient;
import org.chatinbox.gateway.client.Downstream;
import org.chatinbox.gateway.client.SearchClient;
import org.chatinbox.gateway.client.SearchClient.ConversationQuery;
import org.chatinbox.gateway.client.SearchClient.MessageQuery;
import org.chatinbox.gateway.config.GatewayConfig;
import org.chatinbox.problem.Problem.FieldProblem;
import org.chatinbox.problem.ProblemException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The search box ({@code GET /search}) and the search inside one conversation: search-service finds, marks and counts the
 * matching messages. A message carries its bot, channel, role and time, so those filters are search-service's own. The
 * conversation's state (assignee, mode, status, needsHuman, labels) is conversation-service's: with such a filter the search is
 * restricted to the conversations that pass it, found from whichever side is small — the keyword's conversations (up to
 * {@code max-matches}) filtered by conversation-service, or else the conversations the state filters list (up to as many). When
 * both sides are larger the request is refused as too broad rather than answered with a guess.
 */
@ApplicationScoped
public class MessageSearch {

    private static final String CONVERSATIONS = "conversation-service";
    private static final String SEARCH = "search-service";
    private static final int PAGE = 100;

    private final ConversationClient conversations;
    private final SearchClient search;
    private final ObjectMapper json;
    private final int maxMatches;

    public MessageSearch(@RestClient ConversationClient conversations, @RestClient SearchClient search, ObjectMapper json,
            GatewayConfig config) {
        this.conversations = conversations;
        this.search = search;
        this.json = json;
        this.maxMatches = Math.min(config.search().maxMatches(), 1000);
    }

    public Response search(ListQuery filters, String q, String role, Integer limit, String cursor) {
        String since = time("since", filters.filters().since);
        String until = time("until", filters.filters().until);
        List<String> among = null;
        if (filters.narrowsByState()) {
            try {
                among = conversationsPassing(filters.withoutTimes(), q);
            } catch (Answered e) {
                return e.response;
            }
        }
        List<String> restricted = among;
        return Downstream.relay(SEARCH, () -> search.messages(
                new MessageQuery(q, restricted, filters.filters().botId, filters.filters().channel, role, since, until, limit,
                        cursor)));
    }

    /** The matches inside one conversation, which the caller must be able to see. */
    public Response within(String conversationId, String q, Integer limit, String cursor) {
        Response conversation = Downstream.relay(CONVERSATIONS, () -> conversations.get(conversationId));
        if (conversation.getStatus() != 200) {
            return conversation; // another workspace's conversation is a 404 like an unknown one
        }
        return Downstream.relay(SEARCH, () -> search.messages(
                new MessageQuery(q, List.of(conversationId), null, null, null, null, null, limit, cursor)));
    }

    private List<String> conversationsPassing(ListQuery filters, String q) {
        JsonNode matching = ok(
                Downstream.relay(SEARCH, () -> search.conversations(new ConversationQuery(q, null, maxMatches))));
        if (matching.path("complete").asBoolean()) {
            List<String> ids = Bodies.texts(matching.path("conversationIds"));
            return ids.isEmpty() ? ids : listed(filters, ids);
        }
        List<String> listed = listed(filters, null);
        if (listed == null) {
            throw ProblemException.badRequest("the search is too broad to combine with the conversation filters",
                    List.of(new FieldProblem("q", "matches more than " + maxMatches + " conversations, and so do the "
                            + "assignee, mode, status, needsHuman and label filters: narrow one of them (botId, channel, a "
                            + "more specific keyword)")));
        }
        return listed;
    }

    /**
     * The conversations of the list (restricted to {@code ids} when given) that pass the filters, a page at a time; null when
     * there are more than {@code max-matches} of them.
     */
    private List<String> listed(ListQuery filters, List<String> ids) {
        List<String> passing = new ArrayList<>();
        String cursor = null;
        do {
            String from = cursor;
            JsonNode page = ok(Downstream.relay(CONVERSATIONS, () -> ids == null
                    ? filters.list(conversations, PAGE, from)
                    : filters.selection(conversations, ids, PAGE, from)));
            passing.addAll(Bodies.itemIds(page));
            if (passing.size() > maxMatches) {
                return null;
            }
            cursor = Bodies.nextCursor(page);
        } while (cursor != null);
        return passing;
    }

    /** A service's answer; its error ends the request, relayed to the caller as it is. */
    private JsonNode ok(Response response) {
        if (response.getStatus() != 200) {
            throw new Answered(response);
        }
        return Bodies.read(json, response);
    }

    /** A service's error answer, on its way to the caller. */
    private static final class Answered extends RuntimeException {

        private final transient Response response;

        Answered(Response response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    /** A time as the contract writes it (ISO 8601 with an offset), passed on as UTC; anything else is named. */
    private static String time(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant().toString();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("'" + field + "' is not a time",
                    List.of(new FieldProblem(field, "must be an ISO 8601 time with an offset, e.g. 2026-11-22T10:15:30Z")));
        }
    }
}
