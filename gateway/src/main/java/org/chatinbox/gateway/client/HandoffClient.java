package org.chatinbox.gateway.client;

import java.time.temporal.ChronoUnit;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * handoff-service, called with the caller's identity. Commands are not retried (a hand-back or a reply sent twice is not the
 * same as once); reads are, once. Every call has a timeout, and a circuit breaker answers {@code 503} at once while the service
 * keeps failing. A caller's {@code If-Match} (the version its screen showed) goes along with each command.
 */
@RegisterRestClient(configKey = "handoff")
@RegisterClientHeaders(InternalHeaders.class)
@Path("/api/v1")
public interface HandoffClient {

    @POST
    @Path("/conversations/{id}/{command:takeover|handback}")
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response command(@PathParam("id") String id, @PathParam("command") String command,
            @HeaderParam("If-Match") String ifMatch);

    @PUT
    @Path("/conversations/{id}/assignee")
    @Consumes(MediaType.APPLICATION_JSON)
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response assign(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, byte[] body);

    @DELETE
    @Path("/conversations/{id}/assignee")
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response unassign(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch);

    @POST
    @Path("/conversations/{id}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response reply(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, byte[] body);

    /** assign or hand back up to 100 conversations, one transaction each; not retried (a hand-back is not idempotent). */
    @POST
    @Path("/conversations/bulk")
    @Consumes(MediaType.APPLICATION_JSON)
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response bulk(byte[] body);

    @GET
    @Path("/agents")
    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response agents();

    /** Adding or renaming an agent sets the same values again: safe to retry. */
    @PUT
    @Path("/agents/{agentId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response saveAgent(@PathParam("agentId") String agentId, byte[] body);

    @PUT
    @Path("/me/availability")
    @Consumes(MediaType.APPLICATION_JSON)
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response availability(byte[] body);

    @GET
    @Path("/settings/auto-assignment")
    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response autoAssignment();

    @PUT
    @Path("/settings/auto-assignment")
    @Consumes(MediaType.APPLICATION_JSON)
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response setAutoAssignment(byte[] body);
}
