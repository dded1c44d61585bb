package org.chatinbox.ingest.rest;

import java.net.URI;
import java.sql.SQLException;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.chatinbox.api.security.CurrentCaller;
import org.chatinbox.ingest.model.Webhook;
import org.chatinbox.ingest.model.WebhookAttempt;
import org.chatinbox.ingest.service.WebhookService;
import org.chatinbox.problem.Problem;
import org.chatinbox.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.common.annotation.Blocking;

/** Integration webhooks of the caller's workspace (contract §4, admins only), behind the gateway. */
@Path("/api/v1/settings/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class WebhookSettingsResource {

    static final String EVENT_TYPES = "message\\.created|conversation\\.updated|handoff\\.changed|assignment\\.changed"
            + "|summary\\.updated|delivery\\.updated";

    private final WebhookService webhooks;
    private final CurrentCaller caller;

    public WebhookSettingsResource(WebhookService webhooks, CurrentCaller caller) {
        this.webhooks = webhooks;
        this.caller = caller;
    }

    /** {@code POST /settings/webhooks} body. */
    public record WebhookBody(
            @NotNull(message = "must be the URL to post the events to") @Size(min = 1, max = 2048, message = "must be 1 to 2048 characters") String url,
            @NotNull(message = "must list the event types wanted") @Size(min = 1, max = 6, message = "must list 1 to 6 event types") List<@NotNull(message = "must be an event type") @Pattern(regexp = EVENT_TYPES, message = "must be message.created, conversation.updated, handoff.changed, assignment.changed, summary.updated or delivery.updated") String> events,
            @Size(min = 16, max = 256, message = "must be 16 to 256 characters; leave it out to have one made") String secret) {
    }

    public record Items<T>(List<T> items) {
    }

    public record Page<T>(List<T> items, String nextCursor) {
    }

    public record Redelivery(long deliveryId) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a webhook (admin); the answer is the only one that shows its secret")
    public Response register(@Valid @NotNull(message = "the body is required") WebhookBody body) throws SQLException {
        Webhook created = webhooks.register(caller.get(), body.url().strip(), body.events(), body.secret());
        return Response.created(URI.create("/api/v1/settings/webhooks/" + created.id())).entity(created).build();
    }

    @GET
    @Operation(summary = "The workspace's webhooks (admin), each saying whether it is enabled and since when it fails")
    public Items<Webhook> list() throws SQLException {
        return new Items<>(webhooks.list(caller.get()));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove a webhook (admin); what it still had to receive is dropped")
    public Response delete(@PathParam("id") String id) throws SQLException {
        webhooks.delete(caller.get(), id);
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "The calls made to a webhook, newest first (admin)")
    public Page<WebhookAttempt> deliveries(@PathParam("id") String id, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) throws SQLException {
        int size = limit(limit);
        List<WebhookAttempt> attempts = webhooks.attempts(caller.get(), id, cursor(cursor), size + 1);
        boolean more = attempts.size() > size;
        List<WebhookAttempt> page = more ? attempts.subList(0, size) : attempts;
        return new Page<>(page, more ? Long.toString(page.get(page.size() - 1).id()) : null);
    }

    @POST
    @Path("/{id}/deliveries/{deliveryId}/redeliver")
    @Operation(summary = "Send a delivery of the webhook again, now (admin)")
    public Response redeliver(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) throws SQLException {
        long delivery;
        try {
            delivery = Long.parseLong(deliveryId);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("'deliveryId' is not a delivery",
                    List.of(new Problem.FieldProblem("deliveryId",
                            "must be a delivery's id, as the deliveries list shows it")));
        }
        webhooks.redeliver(caller.get(), id, delivery);
        return Response.accepted(new Redelivery(delivery)).build();
    }

    private static int limit(String limit) {
        if (limit == null) {
            return 20;
        }
        try {
            int value = Integer.parseInt(limit.trim());
            if (value >= 1 && value <= 100) {
                return value;
            }
        } catch (NumberFormatException e) {
            // worded below
        }
        throw ProblemException.badRequest("'limit' is not a page size",
                List.of(new Problem.FieldProblem("limit", "must be a whole number from 1 to 100")));
    }

    private static Long cursor(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("'cursor' is not one of this list's cursors",
                    List.of(new Problem.FieldProblem("cursor", "must be the nextCursor of the page before")));
        }
    }
}
