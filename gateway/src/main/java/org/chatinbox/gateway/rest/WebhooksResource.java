package org.chatinbox.gateway.rest;

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

import org.chatinbox.gateway.client.Downstream;
import org.chatinbox.gateway.client.WebhookClient;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.common.annotation.Blocking;

/** Integration webhooks of the workspace (contract §4, §4.1; admins only), kept and called by ingest-service. */
@Path("/api/v1/settings/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "Webhooks")
public class WebhooksResource {

    static final String SERVICE = "ingest-service";

    private final WebhookClient webhooks;

    public WebhooksResource(@RestClient WebhookClient webhooks) {
        this.webhooks = webhooks;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a webhook (admin)", description = "Every announced event of the chosen types is posted to the URL "
            + "as CloudEvents JSON, signed X-Inbox-Signature: sha256=<hex HMAC-SHA256 of the raw body> with the secret, with "
            + "X-Inbox-Delivery (the same on every retry), X-Inbox-Event-Id and X-Inbox-Timestamp; retried with backoff on "
            + "5xx, 429 and timeouts; a subscriber failing for 24 h is disabled. The URL must reach the public internet (a "
            + "loopback, private, link-local or metadata address is refused). Without a secret one is made; this answer is "
            + "the only one that shows it.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Webhook")))
    public Response register(
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "WebhookBody"))) byte[] body) {
        return Downstream.relay(SERVICE, () -> webhooks.register(body));
    }

    @GET
    @Operation(summary = "The workspace's webhooks (admin), each saying whether it is enabled and since when it fails")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "WebhookList")))
    public Response list() {
        return Downstream.relay(SERVICE, webhooks::list);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove a webhook (admin); what it still had to receive is dropped")
    @APIResponse(responseCode = "204", description = "Removed")
    public Response delete(@PathParam("id") String id) {
        return Downstream.relay(SERVICE, () -> webhooks.delete(id));
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "The calls made to a webhook, newest first (admin): time, status code, latency, outcome, next retry")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "WebhookAttemptPage")))
    public Response deliveries(@PathParam("id") String id, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return Downstream.relay(SERVICE, () -> webhooks.deliveries(id, limit, cursor));
    }

    @POST
    @Path("/{id}/deliveries/{deliveryId}/redeliver")
    @Operation(summary = "Send a delivery of the webhook again, now (admin); a disabled webhook is enabled again by it")
    @APIResponse(responseCode = "202", description = "Accepted", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Redelivery")))
    public Response redeliver(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        return Downstream.relay(SERVICE, () -> webhooks.redeliver(id, deliveryId));
    }
}
