package org.chatinbox.gateway.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.chatinbox.gateway.client.Downstream;
import org.chatinbox.gateway.client.IngestClient;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.common.annotation.Blocking;

/** {@code /api/v1/ingest/**} goes to ingest-service unchanged (contract §3): its key, its content type, its raw body. */
@Path("/api/v1/ingest")
@Blocking
@Tag(name = "Ingest")
public class IngestRoutes {

    private static final String SERVICE = "ingest-service";

    private final IngestClient ingest;

    public IngestRoutes(@RestClient IngestClient ingest) {
        this.ingest = ingest;
    }

    @POST
    @Path("/events")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Send one event or a batch (channel key)", description = "202 once Kafka acknowledged every "
            + "event; a batch with any bad event writes nothing. 429 and 503 come with Retry-After.")
    @APIResponse(responseCode = "202", description = "Durably on Kafka", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Accepted")))
    public Response events(@HeaderParam("X-API-Key") String apiKey, @HeaderParam("Content-Type") String contentType,
            @RequestBody(required = true, content = {
                    @Content(mediaType = "application/cloudevents+json", schema = @Schema(ref = "CloudEvent")),
                    @Content(mediaType = "application/cloudevents-batch+json", schema = @Schema(ref = "CloudEventBatch"))}) byte[] body) {
        return Downstream.relay(SERVICE, () -> ingest.events(apiKey, contentType, body));
    }

    @POST
    @Path("/webhooks/telegram/{channelId}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Telegram Bot API webhook", description = "An Update, checked with the channel's secret token; "
            + "text messages become inbox.message.created, with an id derived from the update")
    @APIResponse(responseCode = "200", description = "Taken (or ignored when it is not a text message)")
    public Response telegram(@PathParam("channelId") String channelId,
            @HeaderParam("X-Telegram-Bot-Api-Secret-Token") String token, @HeaderParam("Content-Type") String contentType,
            byte[] body) {
        return Downstream.relay(SERVICE, () -> ingest.telegram(channelId, token, contentType, body));
    }

    @GET
    @Path("/webhooks/meta/{channelId}")
    @Operation(summary = "Meta webhook verification")
    @APIResponse(responseCode = "200", description = "The hub.challenge, echoed", content = @Content(mediaType = MediaType.TEXT_PLAIN))
    public Response verifyMeta(@PathParam("channelId") String channelId, @QueryParam("hub.mode") String mode,
            @QueryParam("hub.verify_token") String verifyToken, @QueryParam("hub.challenge") String challenge) {
        return Downstream.relay(SERVICE, () -> ingest.verifyMeta(channelId, mode, verifyToken, challenge));
    }

    @POST
    @Path("/webhooks/meta/{channelId}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Meta webhook (Messenger, WhatsApp Cloud API)", description = "Checked with X-Hub-Signature-256 "
            + "over the raw body; text messages and postbacks become inbox.message.created, statuses are acknowledged")
    @APIResponse(responseCode = "200", description = "Taken")
    public Response meta(@PathParam("channelId") String channelId, @HeaderParam("X-Hub-Signature-256") String signature,
            @HeaderParam("Content-Type") String contentType, byte[] body) {
        return Downstream.relay(SERVICE, () -> ingest.meta(channelId, signature, contentType, body));
    }
}
