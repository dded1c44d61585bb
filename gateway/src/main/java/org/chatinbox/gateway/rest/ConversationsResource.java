package org.chatinbox.gateway.rest;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.chatinbox.api.rest.ListFilters;
import org.chatinbox.gateway.client.ConversationClient;
import org.chatinbox.gateway.client.Downstream;
import org.chatinbox.gateway.search.KeywordFilteredList;
import org.chatinbox.gateway.search.ListQuery;
import org.chatinbox.gateway.search.MessageSearch;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.common.annotation.Blocking;

/** The inbox of contract §4, answered by conversation-service for the caller's workspace. */
@Path("/api/v1/conversations")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "Conversations")
public class ConversationsResource {

    private static final String SERVICE = "conversation-service";

    private final ConversationClient conversations;
    private final KeywordFilteredList keywordFiltered;
    private final MessageSearch search;

    public ConversationsResource(@RestClient ConversationClient conversations, KeywordFilteredList keywordFiltered,
            MessageSearch search) {
        this.conversations = conversations;
        this.keywordFiltered = keywordFiltered;
        this.search = search;
    }

    @GET
    @Operation(summary = "The conversation list, newest lastMessageAt first", description = "Filters botId, channel, "
            + "assignee (agent id, me, none), mode, status, needsHuman, label (repeatable, any), since, until, and q (keyword: "
            + "only conversations with a message matching every word, in any form); cursor pagination with limit (1-100, "
            + "default 20) and cursor. With q a page may hold fewer items than the limit while nextCursor still goes on.")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ConversationPage")))
    public Response list(@BeanParam ListFilters filters, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor, @QueryParam("q") String q) {
        ListQuery query = new ListQuery(filters);
        if (q != null && !q.isBlank()) {
            return keywordFiltered.list(query, q, limit, cursor);
        }
        return Downstream.relay(SERVICE, () -> query.list(conversations, limit, cursor));
    }

    @GET
    @Path("/counts")
    @Operation(summary = "The inbox tabs' counters {all, mine, unassigned, needsHuman, human}, for the list's filters", description = "With q, counted over the conversations matching the keyword: when it matches more than 1,000, over "
            + "1,000 of them, and exact is false (each counter is then a lower bound).")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Counts")))
    public Response counts(@BeanParam ListFilters filters, @QueryParam("q") String q) {
        ListQuery query = new ListQuery(filters);
        if (q != null && !q.isBlank()) {
            return keywordFiltered.counts(query, q);
        }
        return Downstream.relay(SERVICE, () -> query.counts(conversations));
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "Every handoff, assignment, status and label change, oldest first")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "HistoryPage")))
    public Response history(@PathParam("id") String id, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return Downstream.relay(SERVICE, () -> conversations.history(id, limit, cursor));
    }

    @POST
    @Path("/{id}/resolve")
    @Operation(summary = "Status resolved")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ConversationDetail")))
    public Response resolve(@PathParam("id") String id) {
        return Downstream.relay(SERVICE, () -> conversations.status(id, "resolve", new byte[0]));
    }

    @POST
    @Path("/{id}/reopen")
    @Operation(summary = "Status open")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ConversationDetail")))
    public Response reopen(@PathParam("id") String id) {
        return Downstream.relay(SERVICE, () -> conversations.status(id, "reopen", new byte[0]));
    }

    @POST
    @Path("/{id}/snooze")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Status snoozed until {\"until\": \"<time>\"}; a new visitor message reopens it")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ConversationDetail")))
    public Response snooze(@PathParam("id") String id,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Snooze"))) byte[] body) {
        return Downstream.relay(SERVICE, () -> conversations.status(id, "snooze", body));
    }

    @PUT
    @Path("/{id}/labels")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the labels: {\"labels\": [\"billing\", ...]}")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ConversationDetail")))
    public Response labels(@PathParam("id") String id,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Labels"))) byte[] body) {
        return Downstream.relay(SERVICE, () -> conversations.labels(id, body));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One conversation")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ConversationDetail")))
    public Response get(@PathParam("id") String id) {
        return Downstream.relay(SERVICE, () -> conversations.get(id));
    }

    @GET
    @Path("/{id}/messages")
    @Operation(summary = "One conversation's messages, chronological (order=asc, default) or newest first (order=desc)", description = "With q, the search inside the conversation: its messages matching every word of q, best first, "
            + "each with its highlight: a SearchPage instead of a MessagePage.")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "MessagePage")))
    public Response messages(@PathParam("id") String id, @QueryParam("order") String order,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor, @QueryParam("q") String q) {
        if (q != null) {
            return search.within(id, q, limit, cursor);
        }
        return Downstream.relay(SERVICE, () -> conversations.messages(id, order, limit, cursor));
    }
}
