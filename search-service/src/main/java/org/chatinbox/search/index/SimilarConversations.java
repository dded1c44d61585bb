package org.chatinbox.search.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.events.data.Role;
import org.chatinbox.search.model.ConversationDocument;
import org.chatinbox.search.model.IndexedMessage;
import org.chatinbox.search.model.SearchResults.Similar;
import org.chatinbox.search.model.SearchResults.SimilarPage;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.ChildScoreMode;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.core.search.InnerHitsResult;
import co.elastic.clients.json.JsonData;

/**
 * The workspace's conversations whose visitors opened with what means most nearly what this one's did: the opening's sentence
 * embedding against every other conversation's by kNN (HNSW, cosine), then, for those found, the visitor message that shares
 * most words with this opening, highlighted (the first visitor message when they share none: the likeness is in the meaning).
 */
@ApplicationScoped
public class SimilarConversations {

    private static final String BEST = "best";

    private final ElasticsearchClient client;
    private final ConversationIndex index;
    private final Embedder embedder;

    public SimilarConversations(ElasticsearchClient client, ConversationIndex index, Embedder embedder) {
        this.client = client;
        this.index = index;
        this.embedder = embedder;
    }

    /** Nothing when the search index does not know the conversation yet, or its visitor has not written. */
    public SimilarPage similar(String workspace, String conversationId, int limit) throws IOException {
        ConversationDocument own = own(workspace, conversationId);
        if (own == null || own.opening == null || own.opening.isBlank()) {
            return new SimilarPage(List.of());
        }
        // not embedded yet (the worker is a second behind): computed here, the same way
        float[] vector = own.visitorVector != null ? own.visitorVector : embedder.embed(List.of(own.opening)).get(0);
        List<Float> query = new ArrayList<>(vector.length);
        for (float v : vector) {
            query.add(v);
        }
        Query otherThanThis = Query.of(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("workspaceId").value(workspace)))
                .mustNot(n -> n.term(t -> t.field("conversationId").value(conversationId)))));
        SearchResponse<Void> nearest = index.search(s -> s.size(limit).source(src -> src.fetch(false))
                .knn(k -> k.field("visitorVector").queryVector(query).k(limit).numCandidates(Math.max(100, 10 * limit))
                        .filter(otherThanThis)),
                Void.class);
        if (nearest == null || nearest.hits().hits().isEmpty()) {
            return new SimilarPage(List.of());
        }
        List<String> ids = new ArrayList<>();
        Map<String, Double> scores = new HashMap<>();
        for (Hit<Void> hit : nearest.hits().hits()) {
            String id = hit.id().substring(workspace.length() + 1);
            ids.add(id);
            scores.put(id, hit.score() == null ? 0 : hit.score());
        }
        Map<String, Similar> marked = marked(workspace, own.opening, ids, scores);
        return new SimilarPage(ids.stream().map(marked::get).filter(item -> item != null).toList());
    }

    private ConversationDocument own(String workspace, String conversationId) throws IOException {
        try {
            GetResponse<ConversationDocument> own = client.get(g -> g.index(index.searchName())
                    .id(ConversationDocument.key(workspace, conversationId)), ConversationDocument.class);
            return own.found() ? own.source() : null;
        } catch (ElasticsearchException e) {
            if (ConversationIndex.isMissing(e)) {
                return null;
            }
            throw e;
        }
    }

    /** Each conversation's visitor message with most words of the opening, marked. */
    private Map<String, Similar> marked(String workspace, String opening, List<String> ids, Map<String, Double> scores)
            throws IOException {
        Query visitorMessage = Query.of(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("messages.role")
                .value(Role.VISITOR.wireName())))
                .should(s -> s.match(m -> m.field("messages.text").query(opening)))));
        Query query = Query.of(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("workspaceId").value(workspace)))
                .filter(f -> f.terms(t -> t.field("conversationId")
                        .terms(v -> v.value(ids.stream().map(FieldValue::of).toList()))))
                .must(m -> m.nested(n -> n.path("messages").scoreMode(ChildScoreMode.Max).query(visitorMessage)
                        .innerHits(ih -> ih.name(BEST).size(1)
                                .highlight(h -> h.encoder(HighlighterEncoder.Html).preTags("<em>").postTags("</em>")
                                        .fields("messages.text", x -> x.numberOfFragments(0))))))));
        SearchResponse<JsonData> found = index.search(s -> s.size(ids.size()).query(query)
                .source(src -> src.filter(f -> f.includes("conversationId"))), JsonData.class);
        Map<String, Similar> marked = new HashMap<>();
        if (found == null) {
            return marked;
        }
        for (Hit<JsonData> hit : found.hits().hits()) {
            String id = hit.source().toJson().asJsonObject().getString("conversationId");
            InnerHitsResult best = hit.innerHits().get(BEST);
            if (best == null || best.hits().hits().isEmpty()) {
                continue;
            }
            Hit<JsonData> message = best.hits().hits().get(0);
            IndexedMessage m = message.source().to(IndexedMessage.class);
            List<String> highlight = message.highlight().get("messages.text");
            marked.put(id, new Similar(id, scores.get(id), m.messageId(),
                    highlight == null || highlight.isEmpty() ? ConversationSearch.escape(m.text()) : highlight.get(0)));
        }
        return marked;
    }
}
