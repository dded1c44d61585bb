package org.chatinbox.ingest.rest;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventCodec;
import org.chatinbox.events.EventJson;
import org.chatinbox.events.InvalidEventException;
import org.chatinbox.ingest.channel.MetaWebhooks;
import org.chatinbox.ingest.channel.TelegramUpdates;
import org.chatinbox.ingest.channel.WebhookChannels;
import org.chatinbox.ingest.config.IngestConfig;
import org.chatinbox.ingest.service.IngestService;
import org.chatinbox.problem.HttpLimitsConfig;
import org.chatinbox.problem.Problem;
import org.chatinbox.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.common.annotation.Blocking;

/**
 * The platforms' own webhooks (contract §3), normalised into {@code inbox.message.created}. The platform gets its {@code 200}
 * only once Kafka acknowledged the messages; otherwise it retries, and the platform-derived event ids make the retry a
 * duplicate.
 */
@Path("/api/v1/ingest/webhooks")
@Tag(name = "Webhooks", description = "Telegram and Meta (Messenger, WhatsApp) call these directly")
public class WebhookResource {

    private final WebhookChannels channels;
    private final IngestService ingest;
    private final EventCodec codec;
    private final long maxBodyBytes;

    public WebhookResource(WebhookChannels channels, IngestService ingest, EventCodec codec, HttpLimitsConfig limits) {
        this.channels = channels;
        this.ingest = ingest;
        this.codec = codec;
        this.maxBodyBytes = limits.maxBodyBytes();
    }

    @POST
    @Path("/telegram/{channelId}")
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Telegram Bot API webhook", description = "An Update; checked with X-Telegram-Bot-Api-Secret-Token.")
    @APIResponse(responseCode = "200", description = "Written to Kafka, or not a text message and ignored")
    @APIResponse(responseCode = "401", description = "The secret token is missing or wrong")
    @APIResponse(responseCode = "404", description = "No such Telegram channel")
    public CompletionStage<Response> telegram(@PathParam("channelId") String channelId,
            @HeaderParam("X-Telegram-Bot-Api-Secret-Token") String token, byte[] body) {
        IngestConfig.WebhookChannel channel = channels.find(channelId, IngestConfig.Platform.telegram);
        WebhookChannels.checkTelegramToken(channel, token);
        List<CloudEvent<?>> events = new ArrayList<>();
        TelegramUpdates.toEvent(channelId, channel, parse(body, maxBodyBytes)).ifPresent(events::add);
        return write(events, "/api/v1/ingest/webhooks/telegram/" + channelId, "{}");
    }

    @GET
    @Path("/meta/{channelId}")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "Meta webhook verification", description = "Answers hub.challenge when hub.verify_token is the "
            + "channel's verify token.")
    @APIResponse(responseCode = "200", description = "The challenge, echoed")
    @APIResponse(responseCode = "403", description = "Wrong verify token or mode")
    public String verifyMeta(@PathParam("channelId") String channelId, @QueryParam("hub.mode") String mode,
            @QueryParam("hub.verify_token") String verifyToken, @QueryParam("hub.challenge") String challenge) {
        IngestConfig.WebhookChannel channel = channels.find(channelId, IngestConfig.Platform.meta);
        boolean verified = "subscribe".equals(mode) && verifyToken != null && channel.verifyToken()
                .filter(expected -> MessageDigest.isEqual(expected.getBytes(UTF_8), verifyToken.getBytes(UTF_8)))
                .isPresent();
        if (!verified || challenge == null) {
            throw ProblemException.forbidden("hub.mode must be subscribe and hub.verify_token the channel's verify token");
        }
        return challenge;
    }

    @POST
    @Path("/meta/{channelId}")
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "Meta webhook (Messenger, WhatsApp Cloud API)", description = "Checked with X-Hub-Signature-256 "
            + "over the raw body; text messages and postbacks become messages, statuses are acknowledged.")
    @APIResponse(responseCode = "200", description = "EVENT_RECEIVED")
    @APIResponse(responseCode = "401", description = "The signature is missing or does not match")
    @APIResponse(responseCode = "404", description = "No such Meta channel")
    public CompletionStage<Response> meta(@PathParam("channelId") String channelId,
            @HeaderParam("X-Hub-Signature-256") String signature, byte[] body) {
        IngestConfig.WebhookChannel channel = channels.find(channelId, IngestConfig.Platform.meta);
        WebhookChannels.checkMetaSignature(channel, signature, body);
        JsonNode update = parse(body, maxBodyBytes);
        if (update.has("entry") && !update.get("entry").isArray()) {
            throw ProblemException.badRequest("the platform's call does not have Meta's shape; nothing was written",
                    List.of(new Problem.FieldProblem("entry", "must be an array")));
        }
        List<CloudEvent<?>> events = List.copyOf(MetaWebhooks.toEvents(channelId, channel, update));
        return write(events, "/api/v1/ingest/webhooks/meta/" + channelId, "EVENT_RECEIVED");
    }

    /** The events made from the platform's call, checked by the same rule as every event sent to ingest. */
    private CompletionStage<Response> write(List<CloudEvent<?>> events, String path, String answer) {
        List<Problem.FieldProblem> errors = new ArrayList<>();
        for (CloudEvent<?> event : events) {
            try {
                codec.decode(codec.encode(event));
            } catch (InvalidEventException e) {
                e.errors().forEach(error -> errors.add(new Problem.FieldProblem(error.field(), error.message())));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("the platform's message does not fit the contract; nothing was written", errors);
        }
        return ingest.publish(events).handle((accepted, failure) -> failure == null
                ? Response.ok(answer).build()
                : Problems.response(failure, path));
    }

    private static JsonNode parse(byte[] body, long maxBodyBytes) {
        // a body sent in chunks has no Content-Length for HttpRefusals to check first
        if (body.length > maxBodyBytes) {
            throw ProblemException.tooLarge("the body is " + body.length + " bytes; at most " + maxBodyBytes + " are allowed");
        }
        try {
            JsonNode node = EventJson.mapper().readTree(body);
            if (node == null || !node.isObject()) {
                throw ProblemException.badRequest("the body must be a JSON object",
                        List.of(new Problem.FieldProblem("", "must be a JSON object")));
            }
            return node;
        } catch (IOException e) {
            throw ProblemException.badRequest("malformed JSON", List.of(new Problem.FieldProblem("", "malformed JSON")));
        }
    }
}
