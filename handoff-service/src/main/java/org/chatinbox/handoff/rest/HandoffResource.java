package org.chatinbox.handoff.rest;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.chatinbox.api.security.CurrentCaller;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.validation.Identifier;
import org.chatinbox.events.validation.Text;
import org.chatinbox.handoff.model.HandoffState;
import org.chatinbox.handoff.service.HandoffService;
import org.chatinbox.problem.Problem;
import org.chatinbox.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.common.annotation.Blocking;

/** The commands of contract §4 on one conversation of the caller's workspace. */
@Path("/api/v1/conversations/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "Handoff")
public class HandoffResource {

    static final String IF_MATCH = "If-Match";

    private final HandoffService handoff;
    private final CurrentCaller caller;

    public HandoffResource(HandoffService handoff, CurrentCaller caller) {
        this.handoff = handoff;
        this.caller = caller;
    }

    @GET
    @Path("/handoff")
    @Operation(summary = "The conversation's mode, holder, assignee and needsHuman")
    public Response state(@PathParam("id") @Identifier String id) throws SQLException {
        return answer(handoff.state(caller.get(), id));
    }

    @POST
    @Path("/takeover")
    @Operation(summary = "Mode HUMAN, held by the caller (assigned to the caller if unassigned); 409 if another agent holds it")
    public Response takeOver(@PathParam("id") @Identifier String id, @HeaderParam(IF_MATCH) String ifMatch)
            throws SQLException {
        return answer(handoff.takeOver(caller.get(), id, version(ifMatch)));
    }

    @POST
    @Path("/handback")
    @Operation(summary = "Mode BOT; 409 unless the caller holds it (admins may always)")
    public Response handBack(@PathParam("id") @Identifier String id, @HeaderParam(IF_MATCH) String ifMatch)
            throws SQLException {
        return answer(handoff.handBack(caller.get(), id, version(ifMatch)));
    }

    @PUT
    @Path("/assignee")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Assign an agent of the workspace; 404 for an unknown agent")
    public Response assign(@PathParam("id") @Identifier String id, @HeaderParam(IF_MATCH) String ifMatch,
            @Valid @NotNull(message = "the body is required") Assignee body) throws SQLException {
        return answer(handoff.assign(caller.get(), id, body.agentId(), version(ifMatch)));
    }

    @DELETE
    @Path("/assignee")
    @Operation(summary = "Unassign")
    public Response unassign(@PathParam("id") @Identifier String id, @HeaderParam(IF_MATCH) String ifMatch)
            throws SQLException {
        return answer(handoff.unassign(caller.get(), id, version(ifMatch)));
    }

    @POST
    @Path("/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The holder's reply to the visitor: 202 {messageId}; 409 unless in HUMAN mode held by the caller")
    public Response reply(@PathParam("id") @Identifier String id, @HeaderParam(IF_MATCH) String ifMatch,
            @Valid @NotNull(message = "the body is required") Reply body) throws SQLException {
        String messageId = handoff.reply(caller.get(), id, body.text(), version(ifMatch));
        return Response.accepted(Map.of("messageId", messageId)).build();
    }

    /** The state, with its version as the entity tag a client sends back in {@code If-Match}. */
    private static Response answer(HandoffState state) {
        return Response.ok(HandoffView.of(state)).tag(new EntityTag(Long.toString(state.version()))).build();
    }

    /** {@code If-Match: "3"} (or {@code *}, or none: whatever the version). */
    static OptionalLong version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return OptionalLong.empty();
        }
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() > 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        if (tag.isEmpty() || tag.length() > 18 || !tag.chars().allMatch(Character::isDigit)) {
            throw ProblemException.badRequest("If-Match is not a version of this conversation", List.of(
                    new Problem.FieldProblem(IF_MATCH, "must be the ETag of the conversation's handoff state, such as \"3\"")));
        }
        return OptionalLong.of(Long.parseLong(tag));
    }

    /** {@code PUT /assignee} body. */
    public record Assignee(@NotNull(message = "must name an agent") @Identifier String agentId) {
    }

    /** {@code POST /messages} body. */
    public record Reply(
            // counted as the message event counts it, so that what is accepted here no consumer refuses
            @NotBlank(message = "must not be empty") @Text(max = MessageCreated.MAX_TEXT_LENGTH) String text) {
    }
}
