package org.chatinbox.search.index;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.search.config.SearchConfig;
import org.chatinbox.service.messaging.EventStore.Failure;
import org.chatinbox.service.messaging.EventStore.Verdict;
import org.jboss.logging.Logger;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;

/**
 * Every message of every workspace in one Elasticsearch index, routed by conversation so that one conversation's messages share
 * a shard. A message is created once under an id of its own ({@link IndexedMessage#documentId()}): a redelivered event or a
 * channel's retry under a new event id finds it there and changes nothing.
 */
@ApplicationScoped
public class MessageIndex {

    private static final Logger LOG = Logger.getLogger(MessageIndex.class);

    /** The most messages (per shard) one search for all of a keyword's conversations looks at. */
    static final long MAX_COUNTED = 50_000;

    private final ElasticsearchClient client;
    private final String name;
    private volatile boolean exists;

    public MessageIndex(ElasticsearchClient client, SearchConfig config) {
        this.client = client;
        this.name = config.index().name();
    }

    /**
     * Puts the index template (settings and mapping for this index name), then creates the index unless it exists. With the
     * template in place, an index deleted while the service runs comes back with its mapping at the next write, not with
     * mappings guessed from the documents.
     */
    public void ensureExists() throws IOException {
        if (exists) {
            return;
        }
        String template;
        try (InputStream body = MessageIndex.class.getResourceAsStream("/search/messages-index.json")) {
            template = "{\"index_patterns\": [\"" + name + "\"], \"template\": "
                    + new String(body.readAllBytes(), StandardCharsets.UTF_8) + "}";
        }
        client.indices().putIndexTemplate(t -> t.name(name).withJson(new StringReader(template)));
        if (!client.indices().exists(e -> e.index(name)).value()) {
            try {
                client.indices().create(c -> c.index(name));
                LOG.infof("created index %s", name);
            } catch (ElasticsearchException e) {
                // another replica created it first
                if (!"resource_already_exists_exception".equals(e.error().type())) {
                    throw e;
                }
            }
        }
        exists = true;
    }

    /**
     * Whether a failed call is worth making again: Elasticsearch unreachable or hung (I/O, also when the client wraps it), busy
     * ({@code 429}) or without a shard ({@code 5xx}). Anything else is a refusal that repeating will not change.
     */
    public static boolean isTransient(Exception e) {
        if (e instanceof ElasticsearchException refused) {
            return refused.status() == 429 || refused.status() >= 500;
        }
        return e instanceof IOException || e.getCause() instanceof IOException;
    }

    /**
     * What a failed write means to the consumer: away while {@link #isTransient}, a refusal of the request if it answered 4xx.
     */
    public static Failure classify(Throwable failure) {
        if (failure instanceof Exception e && isTransient(e)) {
            return Failure.AWAY;
        }
        return failure instanceof ElasticsearchException ? Failure.REFUSED : Failure.UNEXPECTED;
    }

    /** One bulk request for the messages; what became of each, in the same order. */
    public List<Verdict> store(List<CloudEvent<MessageCreated>> messages) throws IOException {
        ensureExists();
        BulkRequest.Builder bulk = new BulkRequest.Builder();
        for (CloudEvent<MessageCreated> event : messages) {
            IndexedMessage message = IndexedMessage.of(event);
            bulk.operations(op -> op.create(c -> c.index(name).id(message.documentId())
                    .routing(message.conversationId()).document(message)));
        }
        BulkResponse response = client.bulk(bulk.build());
        List<Verdict> verdicts = new ArrayList<>(messages.size());
        for (BulkResponseItem item : response.items()) {
            verdicts.add(verdict(item));
        }
        return verdicts;
    }

    private static Verdict verdict(BulkResponseItem item) {
        int status = item.status();
        if (item.error() == null || status == 409) {
            return Verdict.stored(); // 409: the message is in the index already
        }
        if (status == 429 || status >= 500) {
            return Verdict.away(); // busy, or the shard is away
        }
        return Verdict.refused(item.error().type() + ": " + item.error().reason());
    }

    /**
     * The workspace's conversations with a message matching every word of {@code text}: among {@code candidates} when given,
     * else at most {@code limit} of them, with whether that is all of them.
     */
    public Matches matchingConversations(String workspace, String text, List<String> candidates, int limit)
            throws IOException {
        if (candidates != null && candidates.isEmpty()) {
            return new Matches(List.of(), true);
        }
        ensureExists();
        int size = candidates == null ? limit + 1 : candidates.size();
        List<Query> filters = new ArrayList<>();
        if (candidates != null) {
            filters.add(inConversations(candidates));
        }
        Query query = keyword(workspace, text, filters);
        SearchResponse<Void> response;
        try {
            // a keyword matching millions of messages must not be aggregated whole: past MAX_COUNTED messages the answer
            // is "more than asked for", which the gateway resolves page by page anyway
            Long counted = candidates == null ? MAX_COUNTED : null;
            response = client.search(s -> s.index(name).size(0).trackTotalHits(t -> t.enabled(false)).terminateAfter(counted)
                    .query(query)
                    .aggregations("conversations", a -> a.terms(t -> t.field("conversationId").size(size))), Void.class);
        } catch (ElasticsearchException e) {
            if (isMissing(e)) {
                return new Matches(List.of(), true);
            }
            throw e;
        }
        List<String> ids = new ArrayList<>();
        for (StringTermsBucket bucket : response.aggregations().get("conversations").sterms().buckets().array()) {
            ids.add(bucket.key().stringValue());
        }
        if (candidates == null && (ids.size() > limit || Boolean.TRUE.equals(response.terminatedEarly()))) {
            return new Matches(ids.subList(0, Math.min(limit, ids.size())), false);
        }
        return new Matches(ids, true);
    }

    /** Messages of the workspace with every word of {@code text} (in any form), narrowed by {@code filters}. */
    static Query keyword(String workspace, String text, List<Query> filters) {
        List<Query> all = new ArrayList<>(filters);
        all.add(Query.of(q -> q.term(t -> t.field("workspaceId").value(workspace))));
        return Query.of(q -> q.bool(b -> b.filter(all)
                .must(m -> m.match(match -> match.field("text").query(text).operator(Operator.And)))));
    }

    static Query inConversations(List<String> conversationIds) {
        List<FieldValue> ids = conversationIds.stream().map(FieldValue::of).toList();
        return Query.of(q -> q.terms(t -> t.field("conversationId").terms(v -> v.value(ids))));
    }

    /** The index was deleted under the service: nothing to find until the next write recreates it. */
    static boolean isMissing(ElasticsearchException e) {
        return "index_not_found_exception".equals(e.error().type());
    }

    /** Matching conversation ids; {@code complete} is false when there are (or may be) more than were asked for. */
    public record Matches(List<String> conversationIds, boolean complete) {
    }
}
