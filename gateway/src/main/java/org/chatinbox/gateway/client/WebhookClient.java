package org.chatinbox.gateway.client;

import java.time.temporal.ChronoUnit;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * ingest-service's integration webhooks, called with the caller's identity (unlike the channel routes of {@link IngestClient}).
 * Registering is not retried (a second webhook would be made); reads and removal are, once.
 */
@RegisterRestClient(configKey = "ingest")
@RegisterClientHeaders(InternalHeaders.class)
@Path("/api/v1/settings/webhooks")
public interface WebhookClient {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response register(byte[] body);

    @GET
    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response list();

    @DELETE
    @Path("/{id}")
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response delete(@PathParam("id") String id);

    @GET
    @Path("/{id}/deliveries")
    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response deliveries(@PathParam("id") String id, @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor);

    /** Sending again what is due to be sent anyway: safe to retry. */
    @POST
    @Path("/{id}/deliveries/{deliveryId}/redeliver")
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response redeliver(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId);
}
