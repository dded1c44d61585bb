package org.chatinbox.gateway.client;

import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.chatinbox.api.rest.ListFilters;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * search-service, called with the caller's identity and the list's filters as query parameters (the same bean as the list's). A
 * search is a read: a failed one is retried once; the timeout and the circuit breaker turn a search-service that does not
 * answer into a quick {@code 503}.
 */
@RegisterRestClient(configKey = "search")
@RegisterClientHeaders(InternalHeaders.class)
@Path("/api/v1/search")
@Consumes(MediaType.APPLICATION_JSON)
public interface SearchClient {

    /** The conversations matching, in the list's order: {@code {total, conversationIds, nextCursor}}. */
    @POST
    @Path("/conversations")
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response conversations(@BeanParam ListFilters filters, ConversationQuery query);

    /** The inbox tabs' counters over the conversations matching. */
    @POST
    @Path("/counts")
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response counts(@BeanParam ListFilters filters, WordsQuery query);

    /** The messages matching, best first: {@code {total, items, facets, nextCursor}}. */
    @POST
    @Path("/messages")
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response messages(@BeanParam ListFilters filters, MessageQuery query);

    /** Completions of what is being typed: {@code {suggestions}}. */
    @POST
    @Path("/suggest")
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response suggest(WordsQuery query);

    /** The conversations most like one, by what their visitors opened with: {@code {items}}. */
    @POST
    @Path("/similar")
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response similar(SimilarQuery query);

    record SimilarQuery(String conversationId, Integer limit) {
    }

    record ConversationQuery(String q, Integer limit, String cursor) {
    }

    record WordsQuery(String q) {
    }

    /** {@code conversationIds}: only these (one: the search inside it); {@code role}: the message's sender. */
    record MessageQuery(String q, List<String> conversationIds, String role, Integer limit, String cursor) {
    }
}
