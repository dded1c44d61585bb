package org.chatinbox.ingest.rest;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.ingest.service.IngestService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.common.annotation.Blocking;

/**
 * {@code POST /api/v1/ingest/events}: one event or a batch from a channel, durably on Kafka before the answer (contract §3).
 */
@Path("/api/v1/ingest/events")
@Tag(name = "Ingest", description = "Channels send their conversations' events")
@SecurityScheme(securitySchemeName = "channelKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER, apiKeyName = "X-API-Key")
@SecurityRequirement(name = "channelKey")
public class IngestResource {

    private final IngestService ingest;

    public IngestResource(IngestService ingest) {
        this.ingest = ingest;
    }

    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send one event or a batch", description = "One CloudEvent (application/cloudevents+json) or an array "
            + "of up to 500 (application/cloudevents-batch+json). The answer comes once Kafka has acknowledged every event; "
            + "a request with any bad event writes nothing.")
    @RequestBody(content = {
            @Content(mediaType = CloudEvent.CONTENT_TYPE, examples = @ExampleObject(name = "message", value = EXAMPLE)),
            @Content(mediaType = CloudEvent.BATCH_CONTENT_TYPE)})
    @APIResponse(responseCode = "202", description = "Every event is durably on Kafka", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "accepted", value = "{\"accepted\": 1}")))
    @APIResponse(responseCode = "400", description = "Malformed JSON or invalid events; `errors` names each bad field "
            + "(with the index of the event in a batch)", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "401", description = "No or unknown X-API-Key")
    @APIResponse(responseCode = "403", description = "An event names another workspace, or a bot the key may not write for")
    @APIResponse(responseCode = "413", description = "An event over 256 KiB, or a batch over its size limit")
    @APIResponse(responseCode = "415", description = "Neither application/cloudevents+json nor "
            + "application/cloudevents-batch+json")
    @APIResponse(responseCode = "429", description = "The key's rate is exceeded; see Retry-After")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time; nothing is lost by retrying "
            + "after Retry-After")
    public CompletionStage<Response> ingest(@HeaderParam("X-API-Key") String apiKey,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        return ingest.accept(apiKey, mediaType(contentType), body).handle((accepted, failure) -> failure == null
                ? Response.accepted(Map.of("accepted", accepted)).build()
                : Problems.response(failure, "/api/v1/ingest/events"));
    }

    /** The media type without parameters such as {@code charset}. */
    private static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(java.util.Locale.ROOT);
    }

    static final String EXAMPLE = """
            {
              "specversion": "1.0", "id": "evt-7f3c2a", "source": "/channels/web", "type": "inbox.message.created",
              "time": "2026-11-22T10:15:30.120Z", "subject": "conv-1042", "datacontenttype": "application/json",
              "data": {
                "workspaceId": "demo", "botId": "support-bot", "channel": "web", "conversationId": "conv-1042",
                "messageId": "msg-88", "sender": { "role": "visitor", "id": "v-17", "name": "Dana" },
                "text": "How do I reset my password?",
                "session": { "ip": "203.0.113.7", "userAgent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)",
                             "locale": "fr-FR", "pageUrl": "https://shop.example/help" }
              }
            }""";
}
