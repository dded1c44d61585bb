package org.chatinbox.gateway.client;

import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.chatinbox.api.rest.ListFilters;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * conversation-service, called with the caller's identity. Reads are idempotent: a failed one is retried once; every call has a
 * timeout, and a circuit breaker stops calling a service that keeps failing so the caller gets {@code 503} at once.
 */
@RegisterRestClient(configKey = "conversation")
@RegisterClientHeaders(InternalHeaders.class)
@Path("/api/v1/conversations")
public interface ConversationClient {

    @GET
    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response list(@BeanParam ListFilters filters, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor);

    /** The list restricted to given conversations (the keyword filter's matches), paginated like the list. */
    @POST
    @Path("/selection")
    @Consumes(MediaType.APPLICATION_JSON)
    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response selection(@BeanParam ListFilters filters, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor, Selection selection);

    /** {@code POST /selection} body. */
    record Selection(List<String> ids) {
    }

    @GET
    @Path("/counts")
    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response counts(@BeanParam ListFilters filters);

    /** The counters restricted to given conversations (the keyword filter's matches). */
    @POST
    @Path("/counts/selection")
    @Consumes(MediaType.APPLICATION_JSON)
    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response countsOfSelection(@BeanParam ListFilters filters, Selection selection);

    @GET
    @Path("/{id}/history")
    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response history(@PathParam("id") String id, @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor);

    /** resolve, reopen or snooze: setting a status is idempotent, so one retry is safe. */
    @POST
    @Path("/{id}/{action:resolve|reopen|snooze}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response status(@PathParam("id") String id, @PathParam("action") String action, byte[] body);

    /** resolve or label up to 100 conversations: one transaction per conversation, so a retry could double nothing. */
    @POST
    @Path("/bulk")
    @Consumes(MediaType.APPLICATION_JSON)
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response bulk(byte[] body);

    @PUT
    @Path("/{id}/labels")
    @Consumes(MediaType.APPLICATION_JSON)
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response labels(@PathParam("id") String id, byte[] body);

    @GET
    @Path("/{id}")
    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response get(@PathParam("id") String id);

    @GET
    @Path("/{id}/messages")
    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response messages(@PathParam("id") String id, @QueryParam("order") String order, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor);
}
