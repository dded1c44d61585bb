package org.chatinbox.handoff.rest;

import java.sql.SQLException;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.chatinbox.api.security.CurrentCaller;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.validation.Identifier;
import org.chatinbox.events.validation.Text;
import org.chatinbox.handoff.service.HandoffService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.common.annotation.Blocking;

/** The commands of contract §4 on one conversation of the caller's workspace. */
@Path("/api/v1/conversations/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "Handoff")
public class HandoffResource {

    private final HandoffService handoff;
    private final CurrentCaller caller;

    public HandoffResource(HandoffService handoff, CurrentCaller caller) {
        this.handoff = handoff;
        this.caller = caller;
    }

    @GET
    @Path("/handoff")
    @Operation(summary = "The conversation's mode, holder, assignee and needsHuman")
    public HandoffView state(@PathParam("id") @Identifier String id) throws SQLException {
        return HandoffView.of(handoff.state(caller.get(), id));
    }

    @POST
    @Path("/takeover")
    @Operation(summary = "Mode HUMAN, held by the caller (assigned to the caller if unassigned); 409 if another agent holds it")
    public HandoffView takeOver(@PathParam("id") @Identifier String id) throws SQLException {
        return HandoffView.of(handoff.takeOver(caller.get(), id));
    }

    @POST
    @Path("/handback")
    @Operation(summary = "Mode BOT; 409 unless the caller holds it (admins may always)")
    public HandoffView handBack(@PathParam("id") @Identifier String id) throws SQLException {
        return HandoffView.of(handoff.handBack(caller.get(), id));
    }

    @PUT
    @Path("/assignee")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Assign an agent of the workspace; 404 for an unknown agent")
    public HandoffView assign(@PathParam("id") @Identifier String id,
            @Valid @NotNull(message = "the body is required") Assignee body) throws SQLException {
        return HandoffView.of(handoff.assign(caller.get(), id, body.agentId()));
    }

    @DELETE
    @Path("/assignee")
    @Operation(summary = "Unassign")
    public HandoffView unassign(@PathParam("id") @Identifier String id) throws SQLException {
        return HandoffView.of(handoff.unassign(caller.get(), id));
    }

    @POST
    @Path("/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The holder's reply to the visitor: 202 {messageId}; 409 unless in HUMAN mode held by the caller")
    public Response reply(@PathParam("id") @Identifier String id,
            @Valid @NotNull(message = "the body is required") Reply body) throws SQLException {
        String messageId = handoff.reply(caller.get(), id, body.text());
        return Response.accepted(Map.of("messageId", messageId)).build();
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
