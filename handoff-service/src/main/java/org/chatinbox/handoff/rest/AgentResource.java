package org.chatinbox.handoff.rest;

import java.sql.SQLException;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.chatinbox.api.security.CurrentCaller;
import org.chatinbox.events.validation.Identifier;
import org.chatinbox.events.validation.Text;
import org.chatinbox.handoff.model.Agent;
import org.chatinbox.handoff.model.AutoAssignment;
import org.chatinbox.handoff.service.AgentService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.common.annotation.Blocking;

/** The workspace's agents, the caller's availability and the auto-assignment settings (contract §4, §4.1). */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "Agents")
public class AgentResource {

    private final AgentService agents;
    private final CurrentCaller caller;

    public AgentResource(AgentService agents, CurrentCaller caller) {
        this.agents = agents;
        this.caller = caller;
    }

    @GET
    @Path("/agents")
    @Operation(summary = "The workspace's agents with their open-conversation load")
    public Items<Agent> list() throws SQLException {
        return new Items<>(agents.list(caller.get()));
    }

    @PUT
    @Path("/agents/{agentId}")
    @Operation(summary = "Add or rename an agent of the workspace (admin)")
    public Agent save(@PathParam("agentId") @Identifier String agentId,
            @Valid @NotNull(message = "the body is required") AgentBody body) throws SQLException {
        List<String> roles = body.roles() == null || body.roles().isEmpty() ? List.of("agent") : body.roles();
        return agents.save(caller.get(), agentId, body.name().strip(), roles);
    }

    @PUT
    @Path("/me/availability")
    @Operation(summary = "The caller's availability: auto-assignment only picks available agents")
    public Availability availability(@Valid @NotNull(message = "the body is required") Availability body)
            throws SQLException {
        Agent agent = agents.setAvailability(caller.get(), body.available());
        return new Availability(agent.agentId(), agent.available());
    }

    @GET
    @Path("/settings/auto-assignment")
    @Operation(summary = "The workspace's auto-assignment settings")
    public AutoAssignment autoAssignment() throws SQLException {
        return agents.autoAssignment(caller.get());
    }

    @PUT
    @Path("/settings/auto-assignment")
    @Operation(summary = "Turn auto-assignment on or off and set the cap per agent (admin)")
    public AutoAssignment setAutoAssignment(@Valid @NotNull(message = "the body is required") AutoAssignmentBody body)
            throws SQLException {
        return agents.setAutoAssignment(caller.get(), new AutoAssignment(body.enabled(),
                body.maxOpenPerAgent() == null ? AutoAssignment.OFF.maxOpenPerAgent() : body.maxOpenPerAgent()));
    }

    /** A list answer. */
    public record Items<T>(List<T> items) {
    }

    /** {@code PUT /me/availability} body and answer. */
    public record Availability(String agentId, @NotNull(message = "must be true or false") Boolean available) {
    }

    /** {@code PUT /agents/{agentId}} body. */
    public record AgentBody(
            @NotNull(message = "must name the agent") @Text(min = 1, max = 256) String name,
            @Size(max = 10, message = "at most 10 roles") List<@NotNull @Pattern(regexp = "agent|admin", message = "must be agent or admin") String> roles) {
    }

    /** {@code PUT /settings/auto-assignment} body. */
    public record AutoAssignmentBody(
            @NotNull(message = "must be true or false") Boolean enabled,
            @Min(value = 1, message = "at least 1") @Max(value = 1000, message = "at most 1000") Integer maxOpenPerAgent) {
    }
}
