package org.chatinbox.gateway.rest;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import org.chatinbox.gateway.client.HandoffClient;
import org.chatinbox.gateway.client.SummaryClient;
import org.chatinbox.gateway.search.KeywordFilteredList;
import org.chatinbox.gateway.search.MessageSearch;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.common.annotation.Blocking;

/**
 * The inbox of contract §4 for the caller's workspace: reads, status and labels answered by conversation-service; take-over,
 * hand-back, assignment and replies by handoff-service.
 */
@Path("/api/v1/conversations")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "Conversations")
public class ConversationsResource {

    private static final String SERVICE = "conversation-service";

    private final ConversationClient conversations;
    private final HandoffClient handoff;
    private final KeywordFilteredList keywordFiltered;
    private final MessageSearch search;
    private final SummaryClient summaries;

    public ConversationsResource(@RestClient ConversationClient conversations, @RestClient HandoffClient handoff,
            KeywordFilteredList keywordFiltered, MessageSearch search, @RestClient SummaryClient summaries) {
        this.conversations = conversations;
        this.handoff = handoff;
        this.summaries = summaries;
        this.keywordFiltered = keywordFiltered;
        this.search = search;
    }

    @GET
    @Operation(summary = "The conversation list, newest lastMessageAt first", description = "Filters botId, channel, "
            + "assignee (agent id, me, none), mode, status, needsHuman, botFailed (the review queue: the bot fell back, was rated "
            + "unhelpful or asked for a human), label (repeatable, any), since, until, and q (what the search box "
            + "takes: words, in any form or nearly, \"phrases\", -exclusions; conversations with a message matching it, or "
            + "found by their visitor's name or id or by their own id); cursor pagination with limit (1-100, default 20) and "
            + "cursor. With q the page also says its exact total, and any mix of filters is answered.")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ConversationPage")))
    public Response list(@BeanParam ListFilters filters, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor, @QueryParam("q") String q) {
        if (q != null && !q.isBlank()) {
            return keywordFiltered.list(filters, q, limit, cursor);
        }
        return Downstream.relay(SERVICE, () -> conversations.list(filters, limit, cursor));
    }

    @GET
    @Path("/counts")
    @Operation(summary = "The inbox tabs' counters {all, mine, unassigned, needsHuman, human}, for the list's filters", description = "With q, counted exactly over the conversations matching it.")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Counts")))
    public Response counts(@BeanParam ListFilters filters, @QueryParam("q") String q) {
        if (q != null && !q.isBlank()) {
            return keywordFiltered.counts(filters, q);
        }
        return Downstream.relay(SERVICE, () -> conversations.counts(filters));
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

    @POST
    @Path("/bulk")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "One action on up to 100 conversations: {\"ids\": [...], \"action\": \"assign\"|\"resolve\"|\"label\"|\"handback\"}", description = "assign takes agentId; label takes labels, added to each conversation's own. "
            + "Each conversation is acted on alone: its result carries the status and problem the same request on it alone would have had.")
    @APIResponse(responseCode = "200", description = "One result per id", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "BulkResults")))
    public Response bulk(
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Bulk"))) byte[] body) {
        return switch (BulkRouting.action(body)) {
            case "assign", "handback" -> Downstream.relay(AgentsResource.SERVICE, () -> handoff.bulk(body));
            default -> Downstream.relay(SERVICE, () -> conversations.bulk(body));
        };
    }

    @POST
    @Path("/{id}/takeover")
    @Operation(summary = "Take over: mode HUMAN, held by the caller (assigned to the caller if unassigned)", description = "The bot is "
            + "told to stay quiet (bot.paused on inbox.outbound). Taking over a conversation the caller holds already changes "
            + "nothing.")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "HandoffState")))
    @APIResponse(responseCode = "409", description = "Another agent holds it; `detail` says who", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response takeOver(@PathParam("id") String id,
            @Parameter(name = "If-Match", in = ParameterIn.HEADER, description = "the ETag of the handoff state the caller acts on: 412 when it has changed since") @HeaderParam("If-Match") String ifMatch) {
        return Downstream.relay(AgentsResource.SERVICE, () -> handoff.command(id, "takeover", ifMatch));
    }

    @POST
    @Path("/{id}/handback")
    @Operation(summary = "Hand back to the bot: mode BOT, unassigned", description = "The bot is told to answer again "
            + "(bot.resumed on inbox.outbound); the agent's seat frees up for auto-assignment.")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "HandoffState")))
    @APIResponse(responseCode = "409", description = "The caller does not hold it (admins may always)", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response handBack(@PathParam("id") String id,
            @Parameter(name = "If-Match", in = ParameterIn.HEADER, description = "the ETag of the handoff state the caller acts on: 412 when it has changed since") @HeaderParam("If-Match") String ifMatch) {
        return Downstream.relay(AgentsResource.SERVICE, () -> handoff.command(id, "handback", ifMatch));
    }

    @PUT
    @Path("/{id}/assignee")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Assign an agent of the workspace: {\"agentId\": \"bob\"}; 404 for an unknown agent")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "HandoffState")))
    public Response assign(@PathParam("id") String id,
            @Parameter(name = "If-Match", in = ParameterIn.HEADER, description = "the ETag of the handoff state the caller acts on: 412 when it has changed since") @HeaderParam("If-Match") String ifMatch,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Assignee"))) byte[] body) {
        return Downstream.relay(AgentsResource.SERVICE, () -> handoff.assign(id, ifMatch, body));
    }

    @DELETE
    @Path("/{id}/assignee")
    @Operation(summary = "Unassign")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "HandoffState")))
    public Response unassign(@PathParam("id") String id,
            @Parameter(name = "If-Match", in = ParameterIn.HEADER, description = "the ETag of the handoff state the caller acts on: 412 when it has changed since") @HeaderParam("If-Match") String ifMatch) {
        return Downstream.relay(AgentsResource.SERVICE, () -> handoff.unassign(id, ifMatch));
    }

    @POST
    @Path("/{id}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reply to the visitor: {\"text\": \"...\"}", description = "Only the agent holding the conversation in "
            + "HUMAN mode replies. The reply becomes a message of the conversation (role agent) and is sent on the visitor's "
            + "channel (inbox.outbound).")
    @APIResponse(responseCode = "202", description = "Accepted", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ReplyAccepted")))
    @APIResponse(responseCode = "409", description = "Not in HUMAN mode held by the caller", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response reply(@PathParam("id") String id,
            @Parameter(name = "If-Match", in = ParameterIn.HEADER, description = "the ETag of the handoff state the caller acts on: 412 when it has changed since") @HeaderParam("If-Match") String ifMatch,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Reply"))) byte[] body) {
        return Downstream.relay(AgentsResource.SERVICE, () -> handoff.reply(id, ifMatch, body));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One conversation")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ConversationDetail")))
    public Response get(@PathParam("id") String id) {
        return Downstream.relay(SERVICE, () -> conversations.get(id));
    }

    @GET
    @Path("/{id}/summary")
    @Operation(summary = "The conversation's latest summary", description = "Written a moment after its latest message (and after a take-over or a rating); 404 until the first one is.")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Summary")))
    public Response summary(@PathParam("id") String id) {
        return Downstream.relay(InsightsResource.SERVICE, () -> summaries.summary(id));
    }

    @GET
    @Path("/{id}/similar")
    @Operation(summary = "The conversations whose visitors opened most nearly as this one's did, by meaning", description = "Sentence embeddings of the visitors' first messages (computed in-process) compared by kNN within the workspace, best first, never the conversation itself: {items: [{conversationId, score (0 to 1), messageId, highlight}]}, the highlight being the similar conversation's visitor message nearest this one's opening, words in common in <em>; limit 1-20 (5). A conversation's likeness is known a second or two after its visitor wrote.")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "SimilarPage")))
    public Response similar(@PathParam("id") String id, @QueryParam("limit") Integer limit) {
        return search.similar(id, limit);
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
