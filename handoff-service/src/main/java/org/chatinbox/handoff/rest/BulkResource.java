package org.chatinbox.handoff.rest;

import java.util.List;
import java.util.OptionalLong;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.chatinbox.api.rest.BulkRequest;
import org.chatinbox.api.rest.BulkResult;
import org.chatinbox.api.security.Caller;
import org.chatinbox.api.security.CurrentCaller;
import org.chatinbox.handoff.service.HandoffService;
import org.chatinbox.problem.Problem;
import org.chatinbox.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.common.annotation.Blocking;

/**
 * The bulk actions this service owns, {@code assign} and {@code handback}: each conversation in a transaction of its own, as
 * the same command on it alone would be, with that command's answer as its result.
 */
@Path("/api/v1/conversations/bulk")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "Handoff")
public class BulkResource {

    private final HandoffService handoff;
    private final CurrentCaller caller;

    public BulkResource(HandoffService handoff, CurrentCaller caller) {
        this.handoff = handoff;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "assign (with agentId) or hand back up to 100 conversations; one result per id")
    public BulkResult.Results bulk(@Valid @NotNull(message = "the body is required") BulkRequest body) throws Exception {
        Caller who = caller.get();
        List<BulkResult> results = switch (body.action()) {
            case "assign" -> {
                if (body.agentId() == null) {
                    throw ProblemException.badRequest("assign names the agent",
                            List.of(new Problem.FieldProblem("agentId", "must name an agent")));
                }
                yield BulkResult.each(body.distinctIds(), id -> handoff.assign(who, id, body.agentId(), OptionalLong.empty()));
            }
            case "handback" -> BulkResult.each(body.distinctIds(), id -> handoff.handBack(who, id, OptionalLong.empty()));
            default -> throw ProblemException.badRequest("conversation-service resolves and labels conversations",
                    List.of(new Problem.FieldProblem("action", "must be assign or handback here")));
        };
        return new BulkResult.Results(results);
    }
}
