package org.chatinbox.search.rest;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.chatinbox.api.rest.ListFilters;
import org.chatinbox.api.security.Caller;
import org.chatinbox.api.security.CurrentCaller;
import org.chatinbox.problem.Problem;
import org.chatinbox.problem.ProblemException;
import org.chatinbox.search.index.ConversationIndex;
import org.chatinbox.search.index.ConversationSearch;
import org.chatinbox.search.index.ConversationSearch.BadCursorException;
import org.chatinbox.search.index.SimilarConversations;
import org.chatinbox.search.index.Suggester;
import org.chatinbox.search.index.TextQuery;
import org.chatinbox.search.model.SearchFilters;
import org.chatinbox.search.model.SearchResults.ConversationPage;
import org.chatinbox.search.model.SearchResults.Counts;
import org.chatinbox.search.model.SearchResults.MessagePage;
import org.chatinbox.search.model.SearchResults.SimilarPage;
import org.chatinbox.search.model.SearchResults.Suggestions;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Blocking;

/**
 * Keyword search as the gateway asks for it, always within the caller's workspace, with the conversation list's filters as
 * query parameters (the same bean as the list's) and the words in the body: the list filtered by keyword
 * ({@code /conversations}, {@code /counts}), the search box and the search inside one conversation ({@code /messages}).
 */
@Path("/api/v1/search")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "Search")
public class SearchResource {

    private static final Logger LOG = Logger.getLogger(SearchResource.class);

    /** The most conversation ids one request names. */
    public static final int MAX_CONVERSATIONS = 1000;

    private final ConversationSearch search;
    private final Suggester suggester;
    private final SimilarConversations similar;
    private final CurrentCaller caller;

    public SearchResource(ConversationSearch search, Suggester suggester, SimilarConversations similar,
            CurrentCaller caller) {
        this.search = search;
        this.suggester = suggester;
        this.similar = similar;
        this.caller = caller;
    }

    @POST
    @Path("/conversations")
    @Operation(summary = "The conversations matching q and the filters, newest last message first, with their exact total")
    public ConversationPage conversations(@Valid @BeanParam ListFilters filters,
            @Valid @NotNull(message = "the body is required") ConversationQuery query) {
        Caller who = caller.get();
        SearchFilters on = SearchFilters.of(who, filters, null);
        TextQuery text = words(query.q());
        return paged(() -> search.conversations(on, text, query.limit() == null ? 20 : query.limit(), query.cursor()));
    }

    @POST
    @Path("/counts")
    @Operation(summary = "The inbox tabs' counters over the conversations matching q and the filters, exact")
    public Counts counts(@Valid @BeanParam ListFilters filters,
            @Valid @NotNull(message = "the body is required") WordsQuery query) {
        Caller who = caller.get();
        SearchFilters on = SearchFilters.of(who, filters, null);
        TextQuery text = words(query.q());
        return unlessUnavailable(() -> search.counts(on, text, who.agent()));
    }

    @POST
    @Path("/messages")
    @Operation(summary = "Messages matching q, best first, marked with <em>, counted by channel, role, bot, status and label")
    public MessagePage messages(@Valid @BeanParam ListFilters filters,
            @Valid @NotNull(message = "the body is required") MessageQuery query) {
        Caller who = caller.get();
        SearchFilters on = SearchFilters.of(who, filters, query.conversationIds());
        TextQuery text = words(query.q());
        return paged(() -> search.messages(on, text, query.role(), query.limit() == null ? 20 : query.limit(),
                query.cursor()));
    }

    @POST
    @Path("/suggest")
    @Operation(summary = "Completions of what is being typed: the last word of q as a prefix, from the workspace's messages")
    public Suggestions suggest(@Valid @NotNull(message = "the body is required") WordsQuery query) {
        String workspace = caller.get().workspace();
        return unlessUnavailable(() -> suggester.suggest(workspace, query.q()));
    }

    @POST
    @Path("/similar")
    @Operation(summary = "The conversations whose visitor opened most nearly as this one's did, by meaning, best first")
    public SimilarPage similar(@Valid @NotNull(message = "the body is required") SimilarQuery query) {
        String workspace = caller.get().workspace();
        return unlessUnavailable(
                () -> similar.similar(workspace, query.conversationId(), query.limit() == null ? 5 : query.limit()));
    }

    /** The words to look for; a query of nothing but exclusions or punctuation is named. */
    private static TextQuery words(String q) {
        TextQuery text = TextQuery.parse(q);
        if (text.isEmpty()) {
            throw ProblemException.badRequest("the search has nothing to look for",
                    List.of(new Problem.FieldProblem("q",
                            "must hold a word or a \"phrase\" to look for, not only -exclusions")));
        }
        return text;
    }

    private static <T> T paged(IndexCall<T> call) {
        try {
            return unlessUnavailable(call);
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
            if (e instanceof RuntimeException refused && !ConversationIndex.isTransient(refused)) {
                throw refused;
            }
            LOG.warnf("search failed: %s", e.toString());
            throw ProblemException.unavailable("the search index is unavailable; retry in a moment", Duration.ofSeconds(2));
        }
    }

    /** {@code q}: what to look for; {@code limit}: 1 to 100 (20); {@code cursor}: the previous page's. */
    public record ConversationQuery(
            @NotBlank(message = "must not be blank") @Size(max = 256, message = "at most 256 characters") String q,
            @Min(value = 1, message = "must be 1 to 100") @Max(value = 100, message = "must be 1 to 100") Integer limit,
            String cursor) {
    }

    /** {@code q}: what to look for (for a suggestion, what is typed so far). */
    public record WordsQuery(
            @NotBlank(message = "must not be blank") @Size(max = 256, message = "at most 256 characters") String q) {
    }

    /**
     * {@code q}: what to look for; {@code conversationIds}: only these conversations (one: the search inside it); {@code role}:
     * the message's sender; {@code limit}: 1 to 100 (20).
     */
    public record MessageQuery(
            @NotBlank(message = "must not be blank") @Size(max = 256, message = "at most 256 characters") String q,
            @Size(max = MAX_CONVERSATIONS, message = "at most 1000 ids") List<@NotNull String> conversationIds,
            @Pattern(regexp = "visitor|bot|agent", message = "must be visitor, bot or agent") String role,
            @Min(value = 1, message = "must be 1 to 100") @Max(value = 100, message = "must be 1 to 100") Integer limit,
            String cursor) {
    }

    /** {@code conversationId}: the one to compare with; {@code limit}: 1 to 20 (5). */
    public record SimilarQuery(
            @NotBlank(message = "must not be blank") @Size(max = 128, message = "at most 128 characters") String conversationId,
            @Min(value = 1, message = "must be 1 to 20") @Max(value = 20, message = "must be 1 to 20") Integer limit) {
    }
}
