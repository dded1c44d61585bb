package org.chatinbox.conversation.rest;

import java.util.List;

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
import org.chatinbox.conversation.service.StatusService;
import org.chatinbox.events.data.Status;
import org.chatinbox.problem.Problem;
import org.chatinbox.problem.ProblemException;
import org.chatinbox.service.model.ConversationKey;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.common.annotation.Blocking;

/**
 * The bulk actions this service owns, {@code resolve} and {@code label} (the labels added to each conversation's own): each
 * conversation in a transaction of its own, with the answer the same action on it alone would have had.
 */
@Path("/api/v1/conversations/bulk")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "Conversations")
public class BulkResource {

    private final StatusService statuses;
    private final CurrentCaller caller;

    public BulkResource(StatusService statuses, CurrentCaller caller) {
        this.statuses = statuses;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "resolve or label (with labels) up to 100 conversations; one result per id")
    public BulkResult.Results bulk(@Valid @NotNull(message = "the body is required") BulkRequest body) throws Exception {
        Caller who = caller.get();
        List<BulkResult> results = switch (body.action()) {
            case "resolve" -> BulkResult.each(body.distinctIds(), id -> {
                if (!statuses.setStatus(new ConversationKey(who.workspace(), id), Status.RESOLVED, null, who.agent())) {
                    throw ConversationResource.notFound(id);
                }
            });
            case "label" -> {
                if (body.labels() == null || body.labels().isEmpty()) {
                    throw ProblemException.badRequest("label names the labels to add",
                            List.of(new Problem.FieldProblem("labels", "must name at least one label")));
                }
                List<String> labels = ConversationResource.checkedLabels(body.labels());
                yield BulkResult.each(body.distinctIds(), id -> {
                    if (!statuses.addLabels(new ConversationKey(who.workspace(), id), labels, who.agent())) {
                        throw ConversationResource.notFound(id);
                    }
                });
            }
            default -> throw ProblemException.badRequest("handoff-service assigns and hands back conversations",
                    List.of(new Problem.FieldProblem("action", "must be resolve or label here")));
        };
        return new BulkResult.Results(results);
    }
}
