package org.chatinbox.search.rest;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.chatinbox.api.security.CurrentCaller;
import org.chatinbox.problem.Problem;
import org.chatinbox.problem.ProblemException;
import org.chatinbox.search.index.MessageIndex;
import org.chatinbox.search.index.MessageIndex.Matches;
import org.chatinbox.search.index.MessageSearch;
import org.chatinbox.search.index.MessageSearch.BadCursorException;
import org.chatinbox.search.index.MessageSearch.Criteria;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Blocking;

/**
 * Keyword search as the gateway asks for it, always within the caller's workspace. The gateway's conversation list filter
 * {@code q} asks which conversations have a matching message: all of them when there are few, else which of a page of the list.
 * Its search box ({@code GET /search}) and the search inside one conversation ask for the matching messages themselves.
 */
@Path("/api/v1/search")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "Search")
public class SearchResource {

    private static final Logger LOG = Logger.getLogger(SearchResource.class);

    /** The most conversation ids one answer holds. */
    public static final int MAX_CONVERSATIONS = 1000;

    private final MessageIndex index;
    private final MessageSearch search;
    private final CurrentCaller caller;

    public SearchResource(MessageIndex index, MessageSearch search, CurrentCaller caller) {
        this.index = index;
        this.search = search;
        this.caller = caller;
    }

    @POST
    @Path("/conversations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Conversations with a message matching every word of q: among the given ids, or up to limit of them")
    public Matches conversations(@Valid @NotNull(message = "the body is required") ConversationQuery query) {
        int limit = query.limit() == null ? MAX_CONVERSATIONS : query.limit();
        return unlessUnavailable(
                () -> index.matchingConversations(caller.get().workspace(), query.q().trim(), query.among(), limit));
    }

    @POST
    @Path("/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Messages matching every word of q, best first, matches marked with <em>, counted by channel and role")
    public MessageSearch.Page messages(@Valid @NotNull(message = "the body is required") MessageQuery query) {
        Criteria criteria = new Criteria(caller.get().workspace(), query.q().trim(), query.conversationIds(), query.botId(),
                query.channel(), query.role(), query.since(), query.until());
        try {
            return unlessUnavailable(() -> search.search(criteria, query.limit() == null ? 20 : query.limit(), query.cursor()));
        } catch (BadCursorException e) {
            throw ProblemException.badRequest("the cursor is not one this search gave out",
                    List.of(new Problem.FieldProblem("cursor", e.getMessage())));
        }
    }

    private interface IndexCall<T> {
        T run() throws IOException;
    }

    private static <T> T unlessUnavailable(IndexCall<T> call) {
        try {
            return call.run();
        } catch (IOException | RuntimeException e) {
            if (e instanceof RuntimeException refused && !MessageIndex.isTransient(refused)) {
                throw refused;
            }
            LOG.warnf("search failed: %s", e.toString());
            throw ProblemException.unavailable("the search index is unavailable; retry in a moment", Duration.ofSeconds(2));
        }
    }

    /**
     * {@code q}: the words; {@code among}: only these conversations (one page of the list); {@code limit}: at most this many
     * ids when {@code among} is absent.
     */
    public record ConversationQuery(
            @NotBlank(message = "must not be blank") @Size(max = 256, message = "at most 256 characters") String q,
            @Size(max = MAX_CONVERSATIONS, message = "at most 1000 ids") List<@NotNull String> among,
            @Min(value = 1, message = "must be 1 to 1000") @Max(value = MAX_CONVERSATIONS, message = "must be 1 to 1000") Integer limit) {
    }

    /**
     * {@code q}: the words; {@code conversationIds}: only these conversations; the other filters as the list's, on the message
     * ({@code since} inclusive, {@code until} exclusive, on its time); {@code limit}: 1 to 100 (20).
     */
    public record MessageQuery(
            @NotBlank(message = "must not be blank") @Size(max = 256, message = "at most 256 characters") String q,
            @Size(max = MAX_CONVERSATIONS, message = "at most 1000 ids") List<@NotNull String> conversationIds,
            String botId, String channel,
            @Pattern(regexp = "visitor|bot|agent", message = "must be visitor, bot or agent") String role,
            Instant since, Instant until,
            @Min(value = 1, message = "must be 1 to 100") @Max(value = 100, message = "must be 1 to 100") Integer limit,
            String cursor) {
    }
}
