package org.chatinbox.gateway.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.chatinbox.api.security.Caller;
import org.chatinbox.api.security.CurrentCaller;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/me")
@Tag(name = "Agents")
public class MeResource {

    /** The contract's shape of {@code GET /me}. */
    public record Me(String agentId, String workspaceId, List<String> roles) {
    }

    private final CurrentCaller caller;

    public MeResource(CurrentCaller caller) {
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Who the credentials belong to")
    public Me me() {
        Caller who = caller.get();
        return new Me(who.agent(), who.workspace(), who.roles());
    }
}
