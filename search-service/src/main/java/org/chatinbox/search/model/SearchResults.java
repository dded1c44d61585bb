package org.chatinbox.search.model;

import java.util.List;
import java.util.Map;

/** What the searches answer. */
public final class SearchResults {

    private SearchResults() {
    }

    /** One matching message; {@code highlight} is its text, escaped, with the matches marked by {@code <em>}. */
    public record Found(String conversationId, String messageId, String role, String text, String highlight, String sentAt,
            String channel, String botId, double score) {
    }

    /**
     * A page of matching messages. {@code total} counts them all (exactly: {@code totalExact} is kept for the clients that read
     * it); {@code facets} count them by channel, role, bot, status and label, over every match, not only this page.
     */
    public record MessagePage(long total, boolean totalExact, List<Found> items, Map<String, Map<String, Long>> facets,
            String nextCursor) {
    }

    /** A page of the conversations matching, newest last message first as the list is; {@code total} counts them all. */
    public record ConversationPage(long total, List<String> conversationIds, String nextCursor) {
    }

    /** The inbox tabs' counters over the conversations matching, as conversation-service counts its list. */
    public record Counts(long all, long mine, long unassigned, long needsHuman, long human, boolean exact) {
    }

    /** A conversation like another: its likeness (0 to 1) and its visitor message nearest the other's opening, marked. */
    public record Similar(String conversationId, double score, String messageId, String highlight) {
    }

    /** The conversations most like one, best first. */
    public record SimilarPage(List<Similar> items) {
    }

    /** Completions of what is being typed. */
    public record Suggestions(List<String> suggestions) {
    }
}
