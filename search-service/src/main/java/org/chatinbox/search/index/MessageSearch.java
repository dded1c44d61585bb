package org.chatinbox.search.index;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.search.config.SearchConfig;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.core.search.TotalHitsRelation;

/**
 * The messages matching a keyword, best first, with the matches marked and counted by channel and role: what an agent's search
 * box shows. Ordered by relevance alone, so that Elasticsearch skips the matches that cannot make the page instead of scoring
 * and sorting all of them (any second sort key, even the message's time, costs ~3 s at 18M matches against ~50 ms). Counting is
 * bounded the same way: the total, the facets and the pages cover the first {@code window} matches; past that the total is a
 * lower bound ({@code totalExact} false) and the facets count the first {@code window} matches found.
 */
@ApplicationScoped
public class MessageSearch {

    /** Terms per facet: channels and roles are few. */
    private static final int FACET_SIZE = 50;

    private static final String CURSOR_PREFIX = "offset:";

    private final ElasticsearchClient client;
    private final MessageIndex index;
    private final String name;
    private final int window;

    public MessageSearch(ElasticsearchClient client, MessageIndex index, SearchConfig config) {
        this.client = client;
        this.index = index;
        this.name = config.index().name();
        this.window = Math.min(config.search().window(), 10_000);
    }

    /** What to look for: every word of {@code text}, within the workspace, narrowed by the optional filters. */
    public record Criteria(String workspace, String text, List<String> conversationIds, String botId, String channel,
            String role, Instant since, Instant until) {
    }

    public record Found(String conversationId, String messageId, String role, String text, String highlight, String sentAt,
            String channel, String botId, double score) {
    }

    /** {@code facets}: channel → count and role → count over the matches, not only this page. */
    public record Page(long total, boolean totalExact, List<Found> items, Map<String, Map<String, Long>> facets,
            String nextCursor) {

        static Page empty() {
            return new Page(0, true, List.of(), Map.of("channel", Map.of(), "role", Map.of()), null);
        }
    }

    /** A cursor this service did not write. */
    public static class BadCursorException extends RuntimeException {
        BadCursorException() {
            super("not a cursor of this search");
        }
    }

    public Page search(Criteria criteria, int limit, String cursor) throws IOException {
        int offset = cursor == null ? 0 : decode(cursor);
        if (criteria.conversationIds() != null && criteria.conversationIds().isEmpty()) {
            return Page.empty();
        }
        index.ensureExists();
        Query query = MessageIndex.keyword(criteria.workspace(), criteria.text(), filters(criteria));
        SearchResponse<IndexedMessage> found;
        SearchResponse<Void> counted;
        try {
            // one more than the page, to know whether a next page exists, never past the window
            int size = Math.min(limit + 1, window - offset);
            found = client.search(s -> s.index(name).query(query).from(offset).size(size)
                    .trackTotalHits(t -> t.count(window))
                    // the text is escaped, so a message's own markup cannot pass for a match or reach a page as HTML
                    .highlight(h -> h.encoder(HighlighterEncoder.Html).preTags("<em>").postTags("</em>")
                            .fields("text", f -> f.numberOfFragments(0))),
                    IndexedMessage.class);
            counted = client.search(s -> s.index(name).query(query).size(0).terminateAfter((long) window)
                    .trackTotalHits(t -> t.enabled(false))
                    .aggregations("channel", a -> a.terms(t -> t.field("channel").size(FACET_SIZE)))
                    .aggregations("role", a -> a.terms(t -> t.field("role").size(FACET_SIZE))), Void.class);
        } catch (ElasticsearchException e) {
            if (MessageIndex.isMissing(e)) {
                return Page.empty();
            }
            throw e;
        }
        List<Hit<IndexedMessage>> hits = found.hits().hits();
        List<Found> items = new ArrayList<>();
        for (Hit<IndexedMessage> hit : hits.subList(0, Math.min(limit, hits.size()))) {
            IndexedMessage m = hit.source();
            List<String> marked = hit.highlight().get("text");
            String highlight = marked == null || marked.isEmpty() ? escape(m.text()) : marked.get(0);
            double score = hit.score() == null ? 0 : hit.score();
            items.add(new Found(m.conversationId(), m.messageId(), m.role(), m.text(), highlight, m.sentAt(), m.channel(),
                    m.botId(), score));
        }
        String next = hits.size() > limit ? encode(offset + limit) : null;
        Map<String, Map<String, Long>> facets = new LinkedHashMap<>();
        for (String facet : List.of("channel", "role")) {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (StringTermsBucket bucket : counted.aggregations().get(facet).sterms().buckets().array()) {
                counts.put(bucket.key().stringValue(), bucket.docCount());
            }
            facets.put(facet, counts);
        }
        var total = found.hits().total();
        return new Page(total.value(), total.relation() == TotalHitsRelation.Eq, items, facets, next);
    }

    private static List<Query> filters(Criteria criteria) {
        List<Query> filters = new ArrayList<>();
        if (criteria.conversationIds() != null) {
            filters.add(MessageIndex.inConversations(criteria.conversationIds()));
        }
        if (criteria.botId() != null) {
            filters.add(term("botId", criteria.botId()));
        }
        if (criteria.channel() != null) {
            filters.add(term("channel", criteria.channel()));
        }
        if (criteria.role() != null) {
            filters.add(term("role", criteria.role()));
        }
        if (criteria.since() != null || criteria.until() != null) {
            filters.add(Query.of(q -> q.range(r -> r.date(d -> {
                d.field("sentAt");
                if (criteria.since() != null) {
                    d.gte(criteria.since().toString());
                }
                if (criteria.until() != null) {
                    d.lt(criteria.until().toString());
                }
                return d;
            }))));
        }
        return filters;
    }

    private static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(value)));
    }

    /** Where the next page starts, as an opaque token. */
    private static String encode(int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((CURSOR_PREFIX + offset).getBytes(StandardCharsets.UTF_8));
    }

    private int decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!raw.startsWith(CURSOR_PREFIX)) {
                throw new BadCursorException();
            }
            int offset = Integer.parseInt(raw.substring(CURSOR_PREFIX.length()));
            if (offset < 1 || offset >= window) {
                throw new BadCursorException();
            }
            return offset;
        } catch (IllegalArgumentException e) {
            throw new BadCursorException();
        }
    }

    /** As Elasticsearch's html encoder escapes a highlighted text. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#x27;").replace("/", "&#x2F;");
    }
}
