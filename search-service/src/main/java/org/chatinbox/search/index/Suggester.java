package org.chatinbox.search.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.search.config.SearchConfig;
import org.chatinbox.search.model.IndexedMessage;
import org.chatinbox.search.model.SearchResults.Suggestions;

import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.core.search.InnerHitsResult;
import co.elastic.clients.json.JsonData;

/**
 * Search as you type: the words typed so far, the last one a prefix, completed from the workspace's own messages. The best
 * conversations for the words (the last as a prefix) are read, and the words of their matching messages that begin with the
 * prefix are offered, the most frequent first, after the words already typed.
 */
@ApplicationScoped
public class Suggester {

    /** Conversations read, and messages of each. */
    private static final int CONVERSATIONS = 20;
    private static final int MESSAGES = 3;

    private final ConversationIndex index;
    private final int size;

    public Suggester(ConversationIndex index, SearchConfig config) {
        this.index = index;
        this.size = config.search().suggestions();
    }

    public Suggestions suggest(String workspace, String typed) throws IOException {
        String text = typed.strip();
        int space = text.lastIndexOf(' ');
        String head = space < 0 ? "" : text.substring(0, space).strip();
        String prefix = letters(space < 0 ? text : text.substring(space + 1));
        if (prefix.isEmpty()) {
            return new Suggestions(List.of());
        }
        Query query = Query.of(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("workspaceId").value(workspace)))
                .must(m -> m.nested(n -> n.path("messages")
                        .query(x -> x.matchBoolPrefix(p -> p.field("messages.text").query(text).operator(Operator.And)))
                        .innerHits(ih -> ih.name("typed").size(MESSAGES))))));
        SearchResponse<Void> response = index.search(s -> s.query(query).size(CONVERSATIONS).source(src -> src.fetch(false))
                .trackTotalHits(t -> t.enabled(false)), Void.class);
        if (response == null) {
            return new Suggestions(List.of());
        }
        Map<String, Integer> words = new HashMap<>();
        for (Hit<Void> hit : response.hits().hits()) {
            InnerHitsResult typedIn = hit.innerHits().get("typed");
            for (Hit<JsonData> message : typedIn == null ? List.<Hit<JsonData>>of() : typedIn.hits().hits()) {
                for (String word : message.source().to(IndexedMessage.class).text().split("[^\\p{L}\\p{N}']+")) {
                    String lower = word.toLowerCase(Locale.ROOT);
                    if (lower.startsWith(prefix) && lower.length() > prefix.length()) {
                        words.merge(lower, 1, Integer::sum);
                    }
                }
            }
        }
        List<String> suggestions = new ArrayList<>();
        words.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(size).forEach(e -> suggestions.add(head.isEmpty() ? e.getKey() : head + " " + e.getKey()));
        return new Suggestions(suggestions);
    }

    /** The word being typed, lower case, without the punctuation around it. */
    private static String letters(String token) {
        return token.toLowerCase(Locale.ROOT).replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}']+$", "");
    }
}
