package org.chatinbox.gateway.rest;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.chatinbox.api.security.Caller;
import org.chatinbox.api.security.CurrentCaller;
import org.chatinbox.gateway.client.Downstream;
import org.chatinbox.gateway.client.HandoffClient;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.common.annotation.Blocking;

/**
 * The caller ({@code GET /me}, answered here from the credentials), the workspace's agents and its auto-assignment settings
 * (contract §4, §4.1), answered by handoff-service.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "Agents")
public class AgentsResource {

    static final String SERVICE = "handoff-service";

    private final HandoffClient handoff;
    private final CurrentCaller caller;

    public AgentsResource(@RestClient HandoffClient handoff, CurrentCaller caller) {
        this.handoff = handoff;
        this.caller = caller;
    }

    /** The contract's shape of {@code GET /me}. */
    public record Me(String agentId, String workspaceId, List<String> roles) {
    }

    @GET
    @Path("/me")
    @Operation(summary = "Who the credentials belong to")
    public Me me() {
        Caller who = caller.get();
        return new Me(who.agent(), who.workspace(), who.roles());
    }

    @GET
    @Path("/agents")
    @Operation(summary = "The workspace's agents, with their availability and open-conversation load")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AgentPage")))
    public Response agents() {
        return Downstream.relay(SERVICE, handoff::agents);
    }

    @PUT
    @Path("/agents/{agentId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add or rename an agent of the workspace (admin): for agents who sign in with a bearer token")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Agent")))
    public Response saveAgent(@PathParam("agentId") String agentId,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AgentBody"))) byte[] body) {
        return Downstream.relay(SERVICE, () -> handoff.saveAgent(agentId, body));
    }

    @PUT
    @Path("/me/availability")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The caller's availability {\"available\": true|false}: auto-assignment only picks available agents")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Availability")))
    public Response availability(
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Availability"))) byte[] body) {
        return Downstream.relay(SERVICE, () -> handoff.availability(body));
    }

    @GET
    @Path("/settings/auto-assignment")
    @Operation(summary = "The workspace's auto-assignment settings")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AutoAssignment")))
    public Response autoAssignment() {
        return Downstream.relay(SERVICE, handoff::autoAssignment);
    }

    @PUT
    @Path("/settings/auto-assignment")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Auto-assignment (admin)", description = "A conversation that asks for a human goes to the least-loaded "
            + "available agent under maxOpenPerAgent, round-robin on ties; when none is free it waits in needsHuman and is "
            + "assigned, oldest first, as soon as an agent frees up. Each decision's reason is in the conversation's history.")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AutoAssignment")))
    public Response setAutoAssignment(
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AutoAssignment"))) byte[] body) {
        return Downstream.relay(SERVICE, () -> handoff.setAutoAssignment(body));
    }
}
