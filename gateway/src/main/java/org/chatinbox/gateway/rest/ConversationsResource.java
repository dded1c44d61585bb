package org.chatinbox.gateway.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.chatinbox.gateway.client.ConversationClient;
import org.chatinbox.gateway.client.Downstream;
import org.chatinbox.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.common.annotation.Blocking;

/** The inbox of contract §4, answered by conversation-service for the caller's workspace. */
@Path("/api/v1/conversations")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "Conversations")
public class ConversationsResource {

    private final ConversationClient conversations;

    public ConversationsResource(@RestClient ConversationClient conversations) {
        this.conversations = conversations;
    }

    @GET
    @Operation(summary = "The conversation list, newest lastMessageAt first", description = "Filters botId, channel, "
            + "assignee (agent id, me, none), mode, status, needsHuman, label (repeatable, any), since, until; cursor "
            + "pagination with limit (1-100, default 20) and cursor.")
    public Response list(@QueryParam("botId") String botId, @QueryParam("channel") String channel,
            @QueryParam("assignee") String assignee, @QueryParam("mode") String mode, @QueryParam("status") String status,
            @QueryParam("needsHuman") Boolean needsHuman, @QueryParam("label") List<String> labels,
            @QueryParam("since") String since, @QueryParam("until") String until, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor, @QueryParam("q") String q) {
        if (q != null && !q.isBlank()) {
            // keyword filtering joins search-service's matches with this list; it lands with search-service
            throw new ProblemException(501, "Not Implemented", "the q filter arrives with search-service");
        }
        return Downstream.relay("conversation-service", () -> conversations.list(botId, channel, assignee, mode, status,
                needsHuman, labels, since, until, limit, cursor));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One conversation")
    public Response get(@PathParam("id") String id) {
        return Downstream.relay("conversation-service", () -> conversations.get(id));
    }

    @GET
    @Path("/{id}/messages")
    @Operation(summary = "One conversation's messages, chronological (order=asc, default) or newest first (order=desc)")
    public Response messages(@PathParam("id") String id, @QueryParam("order") String order,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return Downstream.relay("conversation-service", () -> conversations.messages(id, order, limit, cursor));
    }
}
