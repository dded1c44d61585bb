package org.chatinbox.gateway.client;

import java.time.temporal.ChronoUnit;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * ingest-service, called unchanged: the channel's own key and body go through, ingest checks them. Writes are not retried here
 * (the channel retries, and event ids make that safe); the timeout leaves ingest its own Kafka timeout and a margin.
 */
@RegisterRestClient(configKey = "ingest")
@Path("/api/v1/ingest")
public interface IngestClient {

    @POST
    @Path("/events")
    @Consumes(MediaType.WILDCARD)
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response events(@HeaderParam("X-API-Key") String apiKey, @HeaderParam("Content-Type") String contentType, byte[] body);

    @POST
    @Path("/webhooks/telegram/{channelId}")
    @Consumes(MediaType.WILDCARD)
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    Response telegram(@PathParam("channelId") String channelId,
            @HeaderParam("X-Telegram-Bot-Api-Secret-Token") String token, @HeaderParam("Content-Type") String contentType,
            byte[] body);

    @GET
    @Path("/webhooks/meta/{channelId}")
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    Response verifyMeta(@PathParam("channelId") String channelId, @QueryParam("hub.mode") String mode,
            @QueryParam("hub.verify_token") String verifyToken, @QueryParam("hub.challenge") String challenge);

    @POST
    @Path("/webhooks/meta/{channelId}")
    @Consumes(MediaType.WILDCARD)
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    Response meta(@PathParam("channelId") String channelId, @HeaderParam("X-Hub-Signature-256") String signature,
            @HeaderParam("Content-Type") String contentType, byte[] body);
}
