package org.chatinbox.search.index;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.search.config.SearchConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.elasticsearch.core.search.Hit;

/**
 * The messages matching a keyword, best first, with the matches marked and counted by channel and role: what an agent's search
 * box shows. Pages follow each other by {@code search_after} on (score, time, conversation, message), so a page never repeats
 * or skips a message of an index that does not change between them, however deep the reader goes.
 */
@ApplicationScoped
public class MessageSearch {

    /** Terms per facet: channels and roles are few. */
    private static final int FACET_SIZE = 50;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ElasticsearchClient client;
    private final MessageIndex index;
    private final String name;

    public MessageSearch(ElasticsearchClient client, MessageIndex index, SearchConfig config) {
        this.client = client;
        this.index = index;
        this.name = config.index().name();
    }

    /** What to look for: every word of {@code text}, within the workspace, narrowed by the optional filters. */
    public record Criteria(String workspace, String text, List<String> conversationIds, String botId, String channel,
            String role, Instant since, Instant until) {
    }

    public record Found(String conversationId, String messageId, String role, String text, String highlight, String sentAt,
            String channel, String botId, double score) {
    }

    /** {@code facets}: channel → count and role → count over every match, not only this page. */
    public record Page(long total, List<Found> items, Map<String, Map<String, Long>> facets, String nextCursor) {
    }

    /** A cursor this service did not write. */
    public static class BadCursorException extends RuntimeException {
        BadCursorException() {
            super("not a cursor of this search");
        }
    }

    public Page search(Criteria criteria, int limit, String cursor) throws IOException {
        List<FieldValue> after = cursor == null ? null : decode(cursor);
        if (criteria.conversationIds() != null && criteria.conversationIds().isEmpty()) {
            return new Page(0, List.of(), Map.of("channel", Map.of(), "role", Map.of()), null);
        }
        index.ensureExists();
        SearchResponse<IndexedMessage> response;
        try {
            response = client.search(s -> {
                s.index(name).size(limit + 1).trackTotalHits(t -> t.enabled(true))
                        .query(q -> q.bool(b -> b.filter(filters(criteria))
                                .must(m -> m
                                        .match(match -> match.field("text").query(criteria.text()).operator(Operator.And)))))
                        .sort(o -> o.score(sc -> sc.order(SortOrder.Desc)))
                        .sort(o -> o.field(f -> f.field("sentAt").order(SortOrder.Desc)))
                        .sort(o -> o.field(f -> f.field("conversationId").order(SortOrder.Asc)))
                        .sort(o -> o.field(f -> f.field("messageId").order(SortOrder.Asc)))
                        // the text is escaped, so a message's own markup cannot pass for a match or reach a page as HTML
                        .highlight(h -> h.encoder(HighlighterEncoder.Html).preTags("<em>").postTags("</em>")
                                .fields("text", f -> f.numberOfFragments(0)))
                        .aggregations("channel", a -> a.terms(t -> t.field("channel").size(FACET_SIZE)))
                        .aggregations("role", a -> a.terms(t -> t.field("role").size(FACET_SIZE)));
                if (after != null) {
                    s.searchAfter(after);
                }
                return s;
            }, IndexedMessage.class);
        } catch (ElasticsearchException e) {
            if ("index_not_found_exception".equals(e.error().type())) {
                return new Page(0, List.of(), Map.of("channel", Map.of(), "role", Map.of()), null);
            }
            throw e;
        }
        List<Hit<IndexedMessage>> hits = response.hits().hits();
        List<Found> items = new ArrayList<>();
        for (Hit<IndexedMessage> hit : hits.subList(0, Math.min(limit, hits.size()))) {
            IndexedMessage m = hit.source();
            List<String> marked = hit.highlight().get("text");
            String highlight = marked == null || marked.isEmpty() ? escape(m.text()) : marked.get(0);
            double score = hit.sort().get(0).doubleValue();
            items.add(new Found(m.conversationId(), m.messageId(), m.role(), m.text(), highlight, m.sentAt(), m.channel(),
                    m.botId(), score));
        }
        String next = hits.size() > limit ? encode(hits.get(limit - 1).sort()) : null;
        Map<String, Map<String, Long>> facets = new LinkedHashMap<>();
        for (String facet : List.of("channel", "role")) {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (StringTermsBucket bucket : response.aggregations().get(facet).sterms().buckets().array()) {
                counts.put(bucket.key().stringValue(), bucket.docCount());
            }
            facets.put(facet, counts);
        }
        long total = response.hits().total() == null ? items.size() : response.hits().total().value();
        return new Page(total, items, facets, next);
    }

    private static List<Query> filters(Criteria criteria) {
        List<Query> filters = new ArrayList<>();
        filters.add(term("workspaceId", criteria.workspace()));
        if (criteria.conversationIds() != null) {
            List<FieldValue> ids = criteria.conversationIds().stream().map(FieldValue::of).toList();
            filters.add(Query.of(q -> q.terms(t -> t.field("conversationId").terms(v -> v.value(ids)))));
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

    /** The last hit's sort values (score, time in ms, conversation, message) as an opaque token. */
    private static String encode(List<FieldValue> sort) {
        ArrayNode values = JSON.createArrayNode();
        values.add(sort.get(0).doubleValue());
        values.add(sort.get(1).longValue());
        values.add(sort.get(2).stringValue());
        values.add(sort.get(3).stringValue());
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(values.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static List<FieldValue> decode(String cursor) {
        try {
            JsonNode values = JSON.readTree(Base64.getUrlDecoder().decode(cursor));
            if (values == null || !values.isArray() || values.size() != 4 || !values.get(0).isNumber()
                    || !values.get(1).canConvertToLong() || !values.get(2).isTextual() || !values.get(3).isTextual()) {
                throw new BadCursorException();
            }
            return List.of(FieldValue.of(values.get(0).doubleValue()), FieldValue.of(values.get(1).longValue()),
                    FieldValue.of(values.get(2).textValue()), FieldValue.of(values.get(3).textValue()));
        } catch (IllegalArgumentException | IOException e) {
            throw new BadCursorException();
        }
    }

    /** As Elasticsearch's html encoder escapes a highlighted text. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#x27;").replace("/", "&#x2F;");
    }
}
