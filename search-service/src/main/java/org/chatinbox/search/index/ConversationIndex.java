package org.chatinbox.search.index;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.search.config.SearchConfig;
import org.chatinbox.search.model.ConversationDocument;
import org.chatinbox.service.messaging.EventStore.Failure;
import org.chatinbox.service.messaging.EventStore.Verdict;
import org.jboss.logging.Logger;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.get.GetResult;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;

/**
 * One document per conversation ({@link ConversationDocument}), in a versioned index behind an alias: searches read the alias,
 * writes go to the index itself. A batch of events is folded into the documents of its conversations: one multi-get (real time,
 * so a write of the previous batch is seen), the events applied in order, one bulk request that writes each changed document
 * only if nobody wrote it meanwhile (its sequence number). A conversation another consumer of the service wrote in between (its
 * messages, its state, its handoff arrive on three topics) is read and folded again.
 */
@ApplicationScoped
public class ConversationIndex {

    private static final Logger LOG = Logger.getLogger(ConversationIndex.class);

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPINGS = new com.fasterxml.jackson.databind.ObjectMapper();

    /** How often one batch re-reads a conversation written by another consumer before it counts as busy. */
    private static final int ROUNDS = 5;

    private final ElasticsearchClient client;
    private final String alias;
    private final String concrete;
    private final int maxMessages;
    private final DocumentCache cache;
    private volatile boolean exists;

    public ConversationIndex(ElasticsearchClient client, SearchConfig config) {
        this.client = client;
        this.alias = config.index().name();
        this.concrete = config.index().name() + "-v" + config.index().version();
        this.maxMessages = config.index().maxMessages();
        this.cache = new DocumentCache(config.index().cacheMessages());
    }

    /** The name searches use: the alias in front of the current index. */
    public String searchName() {
        return alias;
    }

    /**
     * Puts the index template (settings and mapping for the versioned name), creates the index unless it exists, and puts the
     * alias on it when the alias names no index yet (a first start, or the index deleted under the running service). With the
     * template in place, a deleted index comes back with its mapping at the next write, never with mappings guessed from the
     * documents. When the alias names an older version, that one keeps answering until this one has caught up
     * ({@link #switchAlias}).
     */
    public void ensureExists() throws IOException {
        if (exists) {
            return;
        }
        String index;
        try (InputStream body = ConversationIndex.class.getResourceAsStream("/search/conversations-index.json")) {
            index = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
        String template = "{\"index_patterns\": [\"" + concrete + "\"], \"priority\": 100, \"template\": " + index + "}";
        client.indices().putIndexTemplate(t -> t.name(concrete).withJson(new StringReader(template)));
        if (!client.indices().exists(e -> e.index(concrete)).value()) {
            try {
                client.indices().create(c -> c.index(concrete));
                // the first read must find the new shard started: a get before it is "no shard available"
                client.cluster().health(h -> h.index(concrete).waitForStatus(HealthStatus.Yellow)
                        .timeout(t -> t.time("30s")));
                LOG.infof("created index %s", concrete);
            } catch (ElasticsearchException e) {
                // another replica created it first
                if (!"resource_already_exists_exception".equals(e.error().type())) {
                    throw e;
                }
            }
        } else {
            // fields added to the mapping reach an index of this version at once; a change Elasticsearch refuses (a field's
            // type) is a new version, filled behind the alias
            String mappings = MAPPINGS.readTree(index).path("mappings").toString();
            try {
                client.indices().putMapping(m -> m.index(concrete).withJson(new StringReader(mappings)));
            } catch (ElasticsearchException e) {
                throw new IllegalStateException("the mapping of " + concrete + " cannot become the service's ("
                        + e.getMessage() + "): raise inbox.index.version to fill a new index behind the alias", e);
            }
        }
        if (aliased().isEmpty()) {
            client.indices().updateAliases(u -> u.actions(a -> a.add(x -> x.index(concrete).alias(alias))));
            LOG.infof("alias %s now names %s", alias, concrete);
        }
        exists = true;
    }

    /** Puts the alias back on this version's index when it names none (the index deleted and recreated by a write). */
    public void ensureAliased() throws IOException {
        exists = false;
        ensureExists();
    }

    /** The indices the alias names now (none when it names none). */
    public Set<String> aliased() throws IOException {
        if (!client.indices().existsAlias(e -> e.name(alias)).value()) {
            return Set.of();
        }
        return client.indices().getAlias(g -> g.name(alias)).result().keySet();
    }

    /** This version's index. */
    public String indexName() {
        return concrete;
    }

    /** The version of an index of this alias, from its name; -1 for a name of another shape. */
    public int versionOf(String indexName) {
        String prefix = alias + "-v";
        if (!indexName.startsWith(prefix) || !indexName.substring(prefix.length()).matches("\\d{1,9}")) {
            return -1;
        }
        return Integer.parseInt(indexName.substring(prefix.length()));
    }

    /**
     * Points the alias at this version's index, away from the older ones, in one atomic change: searches go from the old
     * answers to the new ones with no moment of neither. The index is refreshed first, so what it holds is what is found.
     */
    public void switchAlias(Set<String> older) throws IOException {
        client.indices().refresh(r -> r.index(concrete));
        client.indices().updateAliases(u -> u.actions(a -> a.remove(r -> r.indices(List.copyOf(older)).alias(alias)))
                .actions(a -> a.add(x -> x.index(concrete).alias(alias))));
        LOG.infof("alias %s switched from %s to %s", alias, older, concrete);
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

    /** What a failed write means to the consumer: away while {@link #isTransient}, a refusal if it answered 4xx. */
    public static Failure classify(Throwable failure) {
        if (failure instanceof Exception e && isTransient(e)) {
            return Failure.AWAY;
        }
        return failure instanceof ElasticsearchException ? Failure.REFUSED : Failure.UNEXPECTED;
    }

    /** A search request of the alias's, filled in by the caller. */
    public interface SearchBody {
        SearchRequest.Builder fill(SearchRequest.Builder search);
    }

    /** The search through the alias, or null when the index was deleted under the service: nothing to find until a write. */
    public <T> SearchResponse<T> search(SearchBody body, Class<T> type) throws IOException {
        try {
            return client.search(s -> body.fill(s.index(alias)), type);
        } catch (ElasticsearchException e) {
            if (isMissing(e)) {
                return null;
            }
            throw e;
        }
    }

    /** The index was deleted under the service: nothing to find until the next write recreates it. */
    static boolean isMissing(ElasticsearchException e) {
        return "index_not_found_exception".equals(e.error().type());
    }

    /**
     * Folds the events into their conversations' documents; what became of each event, in the same order. The events must all
     * have a {@link ConversationDocument#keyOf key}.
     */
    public List<Verdict> store(List<CloudEvent<?>> events) throws IOException {
        ensureExists();
        Map<String, List<Integer>> byConversation = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            byConversation.computeIfAbsent(ConversationDocument.keyOf(events.get(i).data()), k -> new ArrayList<>()).add(i);
        }
        Verdict[] verdicts = new Verdict[events.size()];
        List<String> pending = new ArrayList<>(byConversation.keySet());
        for (int round = 0; round < ROUNDS && !pending.isEmpty(); round++) {
            pending = writeOnce(pending, byConversation, events, verdicts);
        }
        for (String conversation : pending) {
            // written by others five times over: busy, tried again with the next attempt of the batch
            byConversation.get(conversation).forEach(i -> verdicts[i] = Verdict.away());
        }
        return List.of(verdicts);
    }

    /** One read, fold and conditional write; the conversations someone else wrote in between. */
    private List<String> writeOnce(List<String> conversations, Map<String, List<Integer>> byConversation,
            List<CloudEvent<?>> events, Verdict[] verdicts) throws IOException {
        Map<String, DocumentCache.Entry> known = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String conversation : conversations) {
            DocumentCache.Entry entry = cache.take(conversation);
            if (entry == null) {
                unknown.add(conversation);
            } else {
                known.put(conversation, entry);
            }
        }
        if (!unknown.isEmpty()) {
            read(unknown).forEach((conversation, found) -> {
                if (found.found() && found.source() != null) {
                    known.put(conversation, new DocumentCache.Entry(found.source(), found.seqNo(), found.primaryTerm()));
                }
            });
            // deleted under the service: recreated at once, so that the write finds its mapping and searches its alias
            ensureExists();
        }
        BulkRequest.Builder bulk = new BulkRequest.Builder();
        List<String> written = new ArrayList<>();
        Map<String, ConversationDocument> folded = new HashMap<>();
        for (String conversation : conversations) {
            DocumentCache.Entry entry = known.get(conversation);
            ConversationDocument document = entry != null ? entry.document() : new ConversationDocument();
            boolean changed = false;
            for (int i : byConversation.get(conversation)) {
                changed |= document.apply(events.get(i), maxMessages);
            }
            if (!changed && entry != null) {
                byConversation.get(conversation).forEach(i -> verdicts[i] = Verdict.stored());
                cache.put(conversation, entry);
                continue;
            }
            written.add(conversation);
            folded.put(conversation, document);
            if (entry != null) {
                bulk.operations(op -> op.index(x -> x.index(concrete).id(conversation).ifSeqNo(entry.seqNo())
                        .ifPrimaryTerm(entry.primaryTerm()).document(document)));
            } else {
                bulk.operations(op -> op.create(x -> x.index(concrete).id(conversation).document(document)));
            }
        }
        if (written.isEmpty()) {
            return List.of();
        }
        BulkResponse response = client.bulk(bulk.build());
        List<String> again = new ArrayList<>();
        for (int k = 0; k < written.size(); k++) {
            BulkResponseItem item = response.items().get(k);
            String conversation = written.get(k);
            Verdict verdict = verdict(item);
            if (verdict == null) {
                again.add(conversation); // written by another consumer meanwhile: read and folded again
                continue;
            }
            byConversation.get(conversation).forEach(i -> verdicts[i] = verdict);
            if (item.error() == null && item.seqNo() != null && item.primaryTerm() != null) {
                cache.put(conversation, new DocumentCache.Entry(folded.get(conversation), item.seqNo(), item.primaryTerm()));
            }
        }
        return again;
    }

    /**
     * Embeds the openings of up to {@code batch} documents that wait for it, the most recent requests first, and writes each
     * back only if nobody wrote it since it was read (a partial update: the vector, and that it waits no more). How many it
     * found.
     */
    public int embedWaiting(int batch, Function<List<String>, List<float[]>> embed) throws IOException {
        ensureExists();
        SearchResponse<ConversationDocument> waiting = client.search(s -> s.index(concrete).size(batch).seqNoPrimaryTerm(true)
                .source(src -> src.filter(f -> f.includes("opening")))
                .query(q -> q.term(t -> t.field("needsEmbedding").value(true)))
                .sort(o -> o.field(f -> f.field("embedRequestedAt").order(SortOrder.Desc))), ConversationDocument.class);
        List<Hit<ConversationDocument>> hits = waiting.hits().hits().stream()
                .filter(hit -> hit.source() != null && hit.source().opening != null).toList();
        if (hits.isEmpty()) {
            return 0;
        }
        List<float[]> vectors = embed.apply(hits.stream().map(hit -> hit.source().opening).toList());
        BulkRequest.Builder bulk = new BulkRequest.Builder();
        Map<String, DocumentCache.Entry> cached = new HashMap<>();
        for (int i = 0; i < hits.size(); i++) {
            Hit<ConversationDocument> hit = hits.get(i);
            DocumentCache.Entry entry = cache.take(hit.id());
            if (entry != null && entry.seqNo() == hit.seqNo()) {
                cached.put(hit.id(), entry);
            }
            Map<String, Object> change = Map.of("visitorVector", vectors.get(i), "needsEmbedding", false);
            bulk.operations(op -> op.update(u -> u.index(concrete).id(hit.id()).ifSeqNo(hit.seqNo())
                    .ifPrimaryTerm(hit.primaryTerm()).action(a -> a.doc(change))));
        }
        BulkResponse response = client.bulk(bulk.build());
        for (int i = 0; i < hits.size(); i++) {
            BulkResponseItem item = response.items().get(i);
            DocumentCache.Entry entry = cached.get(hits.get(i).id());
            // a 409 leaves the request for the next round: the opening may have moved on meanwhile
            if (item.error() == null && entry != null && item.seqNo() != null && item.primaryTerm() != null) {
                entry.document().embedded(vectors.get(i));
                cache.put(hits.get(i).id(), new DocumentCache.Entry(entry.document(), item.seqNo(), item.primaryTerm()));
            }
        }
        return hits.size();
    }

    /** The documents as they are now; a conversation absent from the answer (or from a deleted index) is new. */
    private Map<String, GetResult<ConversationDocument>> read(List<String> conversations) throws IOException {
        Map<String, GetResult<ConversationDocument>> found = new HashMap<>();
        MgetResponse<ConversationDocument> response;
        try {
            response = client.mget(m -> m.index(concrete).ids(conversations), ConversationDocument.class);
        } catch (ElasticsearchException e) {
            if (isMissing(e)) {
                exists = false;
                return found;
            }
            throw e;
        }
        for (MultiGetResponseItem<ConversationDocument> item : response.docs()) {
            if (item.isResult()) {
                found.put(item.result().id(), item.result());
            } else if ("index_not_found_exception".equals(item.failure().error().type())) {
                exists = false; // recreated, with its mapping, by the template at the write
            } else {
                throw new IOException("reading " + item.failure().id() + ": " + item.failure().error().reason());
            }
        }
        return found;
    }

    /** What a written document means for its events; null when another writer came first and the fold is to be redone. */
    private static Verdict verdict(BulkResponseItem item) {
        int status = item.status();
        if (item.error() == null) {
            return Verdict.stored();
        }
        if (status == 409) {
            return null;
        }
        if (status == 429 || status >= 500) {
            return Verdict.away(); // busy, or the shard is away
        }
        return Verdict.refused(item.error().type() + ": " + item.error().reason());
    }
}
