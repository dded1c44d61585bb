package org.chatinbox.gateway.client;

import java.time.temporal.ChronoUnit;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * summary-service, called with the caller's identity: summaries and insights, all reads, retried once. The parameters go as the
 * caller wrote them; summary-service checks them and names the wrong one.
 */
@RegisterRestClient(configKey = "summary")
@RegisterClientHeaders(InternalHeaders.class)
@Path("/api/v1")
public interface SummaryClient {

    @GET
    @Path("/conversations/{id}/summary")
    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response summary(@PathParam("id") String id);

    /** {@code knowledge-gaps}, {@code top-questions} or {@code bot-performance}. */
    @GET
    @Path("/insights/{insight:knowledge-gaps|top-questions|bot-performance}")
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response insight(@PathParam("insight") String insight, @QueryParam("botId") String botId,
            @QueryParam("since") String since, @QueryParam("until") String until, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor);
}
