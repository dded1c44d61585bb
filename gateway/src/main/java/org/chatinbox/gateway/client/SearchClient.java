package org.chatinbox.gateway.client;

import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * search-service, called with the caller's identity. A search is a read: a failed one is retried once; the timeout and the
 * circuit breaker turn a search-service that does not answer into a quick {@code 503}.
 */
@RegisterRestClient(configKey = "search")
@RegisterClientHeaders(InternalHeaders.class)
@Path("/api/v1/search")
public interface SearchClient {

    @POST
    @Path("/conversations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response conversations(ConversationQuery query);

    @POST
    @Path("/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    Response messages(MessageQuery query);

    /**
     * The messages matching every word of {@code q}, best first, with the message's own filters ({@code since}/{@code until} on
     * its time) and only in {@code conversationIds} when given; the answer is {@code {total, items, facets, nextCursor}}.
     */
    record MessageQuery(String q, List<String> conversationIds, String botId, String channel, String role, String since,
            String until, Integer limit, String cursor) {
    }

    /**
     * The conversations with a message matching every word of {@code q}: among the given ids, or else up to {@code limit} of
     * them; the answer is {@code {conversationIds, complete}}.
     */
    record ConversationQuery(String q, List<String> among, Integer limit) {
    }
}
