package org.chatinbox.gateway.rest;

import java.time.Duration;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.chatinbox.api.security.Caller;
import org.chatinbox.api.security.CurrentCaller;
import org.chatinbox.gateway.stream.EventHub;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Multi;

/**
 * {@code GET /api/v1/stream}: Server-Sent Events of the caller's workspace. Each event's {@code id} is its Kafka position; a
 * client that reconnects with {@code Last-Event-ID} first receives what it missed (from the last 10,000 events this replica
 * saw), then new ones. A comment every 15 seconds keeps proxies from closing an idle stream.
 */
@Path("/api/v1/stream")
@Tag(name = "Stream")
public class StreamResource {

    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final EventHub hub;
    private final CurrentCaller caller;

    public StreamResource(EventHub hub, CurrentCaller caller) {
        this.hub = hub;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live events of the workspace: message.created, conversation.updated, handoff.changed, "
            + "assignment.changed, summary.updated, delivery.updated; optional conversationId and botId filters; honours "
            + "Last-Event-ID")
    @APIResponse(responseCode = "200", description = "An endless stream: each event's `event` is its name, `id` its position "
            + "(send it back as Last-Event-ID), `data` the CloudEvent JSON; a comment every 15 s", content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING, example = """
                    id: inbox.messages-3-1042
                    event: message.created
                    data: {"specversion":"1.0","id":"evt-7f3c2a","type":"inbox.message.created",...}
                    """)))
    public Multi<OutboundSseEvent> stream(@QueryParam("conversationId") String conversationId,
            @QueryParam("botId") String botId, @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        Caller who = caller.get();
        Multi<OutboundSseEvent> events = hub.stream(e -> who.workspace().equals(e.workspaceId())
                && (conversationId == null || conversationId.equals(e.conversationId()))
                && (botId == null || botId.equals(e.botId())), lastEventId)
                .map(e -> sse.newEventBuilder().id(e.id()).name(e.name()).mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(e.json()).build());
        Multi<OutboundSseEvent> heartbeats = Multi.createFrom().ticks().every(HEARTBEAT)
                .map(tick -> sse.newEventBuilder().comment("heartbeat").build());
        return Multi.createBy().merging().streams(events, heartbeats);
    }
}
