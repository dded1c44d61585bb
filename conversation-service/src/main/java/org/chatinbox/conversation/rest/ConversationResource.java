package org.chatinbox.conversation.rest;

import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.chatinbox.conversation.model.ConversationFilter;
import org.chatinbox.conversation.model.ConversationView;
import org.chatinbox.conversation.model.MessageView;
import org.chatinbox.conversation.model.Page;
import org.chatinbox.conversation.repository.ConversationRepository;
import org.chatinbox.conversation.repository.Cursor;
import org.chatinbox.conversation.security.Caller;
import org.chatinbox.conversation.security.CurrentCaller;
import org.chatinbox.problem.Problem;
import org.chatinbox.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.common.annotation.Blocking;

/**
 * The inbox as the gateway asks for it (contract §4): the list with its filters, one conversation, its messages. Always scoped
 * to the caller's workspace: another workspace's conversation does not exist here ({@code 404}).
 */
@Path("/api/v1/conversations")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "Conversations")
public class ConversationResource {

    private final ConversationRepository conversations;
    private final CurrentCaller caller;

    public ConversationResource(ConversationRepository conversations, CurrentCaller caller) {
        this.conversations = conversations;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The conversation list, newest lastMessageAt first, by cursor")
    public Page<ConversationView> list(@QueryParam("botId") String botId, @QueryParam("channel") String channel,
            @QueryParam("assignee") String assignee,
            @QueryParam("mode") @Pattern(regexp = "BOT|HUMAN", message = "must be BOT or HUMAN") String mode,
            @QueryParam("status") @Pattern(regexp = "open|resolved|snoozed", message = "must be open, resolved or snoozed") String status,
            @QueryParam("needsHuman") Boolean needsHuman, @QueryParam("label") List<String> labels,
            @QueryParam("since") String since, @QueryParam("until") String until,
            @QueryParam("limit") @DefaultValue("20") @Min(value = 1, message = "must be 1 to 100") @Max(value = 100, message = "must be 1 to 100") int limit,
            @QueryParam("cursor") String cursor) throws SQLException {
        Caller who = caller.get();
        String assigneeId = "me".equals(assignee) ? who.agent() : assignee;
        ConversationFilter filter = new ConversationFilter(botId, channel, assigneeId, mode, status, needsHuman, labels,
                time("since", since), time("until", until));
        return conversations.list(who.workspace(), filter, limit, cursor == null ? null : Cursor.decode(cursor));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One conversation")
    public ConversationView get(@PathParam("id") String id) throws SQLException {
        return conversations.find(caller.get().workspace(), id)
                .orElseThrow(() -> ProblemException.notFound("no conversation '" + id + "'"));
    }

    @GET
    @Path("/{id}/messages")
    @Operation(summary = "One conversation's messages, chronological (order=asc) or newest first (order=desc)")
    public Page<MessageView> messages(@PathParam("id") String id,
            @QueryParam("order") @DefaultValue("asc") @Pattern(regexp = "asc|desc", message = "must be asc or desc") String order,
            @QueryParam("limit") @DefaultValue("20") @Min(value = 1, message = "must be 1 to 100") @Max(value = 100, message = "must be 1 to 100") int limit,
            @QueryParam("cursor") String cursor) throws SQLException {
        String workspace = caller.get().workspace();
        if (cursor == null && conversations.find(workspace, id).isEmpty()) {
            throw ProblemException.notFound("no conversation '" + id + "'");
        }
        return conversations.messages(workspace, id, "asc".equals(order), limit,
                cursor == null ? null : Cursor.decode(cursor));
    }

    private static Instant time(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("'" + field + "' is not a time",
                    List.of(new Problem.FieldProblem(field, "must be an RFC 3339 time such as 2026-11-22T10:15:30Z")));
        }
    }
}
