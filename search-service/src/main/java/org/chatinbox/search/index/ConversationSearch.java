package org.chatinbox.search.index;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.search.config.SearchConfig;
import org.chatinbox.search.model.IndexedMessage;
import org.chatinbox.search.model.SearchFilters;
import org.chatinbox.search.model.SearchResults.ConversationPage;
import org.chatinbox.search.model.SearchResults.Counts;
import org.chatinbox.search.model.SearchResults.Found;
import org.chatinbox.search.model.SearchResults.MessagePage;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.SuggestMode;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.ChildScoreMode;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.core.search.InnerHitsResult;
import co.elastic.clients.elasticsearch.core.search.Suggestion;
import co.elastic.clients.elasticsearch.core.search.TermSuggestOption;
import co.elastic.clients.json.JsonData;

/**
 * The searches over conversation documents: each is one Elasticsearch request, the list's filters and the keyword in the same
 * query, so no filter is ever too broad to combine with a keyword.
 * <ul>
 * <li>{@link #conversations}: the matching conversations in the list's order (last message first), paged by
 * {@code search_after}, with an exact total.</li>
 * <li>{@link #counts}: the inbox tabs' counters over them, exact.</li>
 * <li>{@link #messages}: the matching messages, best conversation first and its best messages in it (at most
 * {@code per-conversation} of one conversation in a search of many, all of them inside one), marked, counted and faceted.</li>
 * </ul>
 * A conversation matches by its messages' text (every word, nearly or exactly, every phrase) or by its visitor (name, id) or
 * its id; one found by its visitor or id ranks above text matches and shows its first message.
 */
@ApplicationScoped
public class ConversationSearch {

    private static final int FACET_SIZE = 50;
    private static final String NEAR = "near";
    /** The index's words looked up per typed word, for marking what its typos matched. */
    private static final int NEAR_WORDS = 10;
    /** Far above a text match's score (a few units: BM25 of a short message, times the exact boost). */
    private static final float IDENTITY_BOOST = 100f;
    private static final String MATCHES = "matches";
    private static final String FIRST = "first";
    private static final String AT = "at:";
    private static final String AFTER = "after:";
    private static final List<String> HIT_FIELDS = List.of("conversationId", "channel", "botId");

    private final ConversationIndex index;
    private final int perConversation;
    private final int window;
    private final int maxMessages;

    public ConversationSearch(ConversationIndex index, SearchConfig config) {
        this.index = index;
        this.perConversation = config.search().perConversation();
        this.window = Math.min(config.search().window(), 10_000);
        this.maxMessages = config.index().maxMessages();
    }

    /** A cursor this service did not write. */
    public static class BadCursorException extends RuntimeException {
        BadCursorException() {
            super("not a cursor of this search");
        }
    }

    /** The conversations matching, newest last message first; {@code since}/{@code until} bound the last message. */
    public ConversationPage conversations(SearchFilters filters, TextQuery text, int limit, String cursor)
            throws IOException {
        String[] after = cursor == null ? null : decode(cursor, AFTER).split(":", 2);
        if (after != null && (after.length != 2 || !after[0].matches("-?\\d{1,19}"))) {
            throw new BadCursorException();
        }
        Query query = conversationQuery(filters, text, null, true);
        SearchResponse<Void> response = index.search(s -> {
            s.query(query).size(limit + 1).source(src -> src.fetch(false))
                    .trackTotalHits(t -> t.enabled(true))
                    .sort(o -> o.field(f -> f.field("lastMessageAt").order(SortOrder.Desc)))
                    .sort(o -> o.field(f -> f.field("conversationId").order(SortOrder.Desc)));
            if (after != null) {
                s.searchAfter(FieldValue.of(Long.parseLong(after[0])), FieldValue.of(after[1]));
            }
            return s;
        }, Void.class);
        if (response == null) {
            return new ConversationPage(0, List.of(), null);
        }
        List<Hit<Void>> hits = response.hits().hits();
        List<String> ids = new ArrayList<>();
        for (Hit<Void> hit : hits.subList(0, Math.min(limit, hits.size()))) {
            ids.add(hit.sort().get(1).stringValue());
        }
        String next = null;
        if (hits.size() > limit) {
            List<FieldValue> last = hits.get(limit - 1).sort();
            next = encode(AFTER + last.get(0).longValue() + ":" + last.get(1).stringValue());
        }
        return new ConversationPage(response.hits().total().value(), ids, next);
    }

    /** The counters of the inbox tabs over the conversations matching. */
    public Counts counts(SearchFilters filters, TextQuery text, String agent) throws IOException {
        Query query = conversationQuery(filters, text, null, true);
        Map<String, Query> tabs = new LinkedHashMap<>();
        tabs.put("mine", term("assignee", agent == null ? "" : agent));
        tabs.put("unassigned", Query.of(q -> q.bool(b -> b.mustNot(n -> n.exists(e -> e.field("assignee"))))));
        tabs.put("needsHuman", Query.of(q -> q.term(t -> t.field("needsHuman").value(true))));
        tabs.put("human", term("mode", "HUMAN"));
        SearchResponse<Void> response = index.search(s -> s.query(query).size(0)
                .trackTotalHits(t -> t.enabled(true))
                .aggregations("tabs", a -> a.filters(f -> f.filters(b -> b.keyed(tabs)))), Void.class);
        if (response == null) {
            return new Counts(0, 0, 0, 0, 0, true);
        }
        var buckets = response.aggregations().get("tabs").filters().buckets().keyed();
        return new Counts(response.hits().total().value(), buckets.get("mine").docCount(),
                buckets.get("unassigned").docCount(), buckets.get("needsHuman").docCount(), buckets.get("human").docCount(),
                true);
    }

    /**
     * The matching messages, best first; {@code role} and {@code since}/{@code until} apply to the message. A search inside one
     * conversation pages through every match of it; a search of many lists at most {@code per-conversation} of each.
     */
    public MessagePage messages(SearchFilters filters, TextQuery text, String role, int limit, String cursor)
            throws IOException {
        boolean within = filters.conversationIds() != null && filters.conversationIds().size() == 1;
        Position at = cursor == null ? Position.START : Position.decode(decode(cursor, AT));
        if (within ? at.from() != 0 || at.skip() >= maxMessages : at.from() >= window || at.skip() >= perConversation) {
            throw new BadCursorException();
        }
        Query onMessage = messageFilter(filters, role);
        int innerFrom = within ? at.skip() : 0;
        int innerSize = within ? limit + 1 : perConversation;
        Query marking = text.marking("messages.text", nearWords(text));
        Query query = conversationQuery(filters, text, new Inner(onMessage, innerFrom, innerSize, marking), false);
        Query textOfMessage = Query.of(q -> q.bool(b -> b.must(text.matching("messages.text")).filter(onMessage)));
        Query identityOnly = Query.of(q -> q.bool(b -> b.must(identity(text))
                .mustNot(n -> n.nested(x -> x.path("messages").query(textOfMessage)))));
        int from = at.from();
        int size = within ? 1 : Math.min(limit + 1, window - from);
        SearchResponse<JsonData> response = index.search(s -> {
            s.query(query).from(from).size(size).trackScores(true)
                    .source(src -> src.filter(f -> f.includes(HIT_FIELDS))).trackTotalHits(t -> t.enabled(false))
                    // best first; equal scores in the conversations' order, so that pages of an unchanged index never repeat
                    .sort(o -> o.score(x -> x.order(SortOrder.Desc)))
                    .sort(o -> o.field(f -> f.field("conversationId").order(SortOrder.Asc)))
                    .aggregations("matched", a -> a.nested(n -> n.path("messages"))
                            .aggregations("text", m -> m.filter(textOfMessage)
                                    .aggregations("role", r -> r.terms(t -> t.field("messages.role").size(FACET_SIZE)))))
                    .aggregations("identityOnly", a -> a.filter(identityOnly))
                    .aggregations("channel", facet("channel", textOfMessage))
                    .aggregations("botId", facet("botId", textOfMessage))
                    .aggregations("status", facet("status", textOfMessage))
                    .aggregations("label", facet("labels", textOfMessage));
            return s;
        }, JsonData.class);
        if (response == null) {
            return new MessagePage(0, true, List.of(), emptyFacets(), null);
        }
        List<Found> items = new ArrayList<>();
        String next = null;
        List<Hit<JsonData>> hits = response.hits().hits();
        for (int h = 0; h < hits.size() && next == null; h++) {
            Hit<JsonData> hit = hits.get(h);
            List<Hit<JsonData>> messages = innerHits(hit, MATCHES);
            if (messages.isEmpty()) {
                messages = innerHits(hit, FIRST);
            }
            for (int m = h == 0 && !within ? at.skip() : 0; m < messages.size(); m++) {
                if (items.size() == limit) {
                    Position after = within ? new Position(0, innerFrom + m) : new Position(from + h, m);
                    next = encode(AT + after.encode());
                    break;
                }
                items.add(found(hit, messages.get(m)));
            }
        }
        Map<String, Aggregate> aggs = response.aggregations();
        Aggregate matched = aggs.get("matched").nested().aggregations().get("text");
        long total = matched.filter().docCount() + aggs.get("identityOnly").filter().docCount();
        Map<String, Map<String, Long>> facets = new LinkedHashMap<>();
        facets.put("channel", bucketCounts(aggs.get("channel")));
        facets.put("role", terms(matched.filter().aggregations().get("role")));
        facets.put("botId", bucketCounts(aggs.get("botId")));
        facets.put("status", bucketCounts(aggs.get("status")));
        facets.put("label", bucketCounts(aggs.get("label")));
        return new MessagePage(total, true, items, facets, next);
    }

    /**
     * Where a message search stands: the place of a conversation among the hits ({@code from}, below the window) and of a match
     * among its matches ({@code skip}). Inside one conversation only {@code skip} counts.
     */
    private record Position(int from, int skip) {

        static final Position START = new Position(0, 0);

        String encode() {
            return from + ":" + skip;
        }

        static Position decode(String raw) {
            String[] parts = raw.split(":");
            try {
                if (parts.length != 2) {
                    throw new BadCursorException();
                }
                Position at = new Position(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
                if (at.from() < 0 || at.skip() < 0) {
                    throw new BadCursorException();
                }
                return at;
            } catch (NumberFormatException e) {
                throw new BadCursorException();
            }
        }
    }

    private record Inner(Query onMessage, int from, int size, Query marking) {
    }

    /**
     * The index's words within the edit distance the fuzzy match allows of each typed word (as Elasticsearch analyses it), the
     * most frequent first: what a typo may have matched, so that the highlighter marks it as an exact term. Any workspace's
     * words may be among them: they only mark text of the caller's own results, and a word absent from those marks nothing.
     */
    private List<String> nearWords(TextQuery text) throws IOException {
        if (text.wordsText().isBlank()) {
            return List.of();
        }
        SearchResponse<Void> response = index.search(s -> s.size(0).source(src -> src.fetch(false))
                .trackTotalHits(t -> t.enabled(false))
                .suggest(sg -> sg.text(text.wordsText()).suggesters(NEAR, f -> f.term(t -> t.field("messages.text")
                        .size(NEAR_WORDS).maxEdits(2).prefixLength(1).minWordLength(3).maxTermFreq(1e9f)
                        .suggestMode(SuggestMode.Always)))),
                Void.class);
        List<String> near = new ArrayList<>();
        if (response == null || response.suggest() == null || response.suggest().get(NEAR) == null) {
            return near;
        }
        for (Suggestion<Void> typed : response.suggest().get(NEAR)) {
            String token = typed.term().text();
            for (TermSuggestOption option : typed.term().options()) {
                // as the fuzzy match: one edit for a word of up to five letters, two beyond
                if (editDistance(token, option.text()) <= (token.length() <= 5 ? 1 : 2)) {
                    near.add(option.text());
                }
            }
        }
        return near;
    }

    /** Levenshtein's distance, with a swap of two neighbours counting as one edit (as the fuzzy match counts it). */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /**
     * The conversations passing the filters that match the text or are found by their visitor or id, and mention nothing
     * excluded. {@code inner} asks for the matching messages themselves (a message search); {@code conversationTimes} puts
     * {@code since}/{@code until} on the conversation's last message (a list) rather than on the message.
     */
    private static Query conversationQuery(SearchFilters f, TextQuery text, Inner inner, boolean conversationTimes) {
        List<Query> filters = stateFilters(f, conversationTimes);
        // a list of conversations bounds their last message, never the matching one: the same conversations as the list
        Query onMessage = inner != null ? inner.onMessage() : messageFilter(null);
        Query byText = Query.of(q -> q.nested(n -> {
            n.path("messages").scoreMode(ChildScoreMode.Max)
                    .query(m -> m.bool(b -> b.must(text.matching("messages.text")).filter(onMessage)));
            if (inner != null) {
                n.innerHits(ih -> ih.name(MATCHES).from(inner.from()).size(inner.size())
                        // the text is escaped, so a message's own markup cannot pass for a match or reach a page as HTML
                        .highlight(hl -> hl.encoder(HighlighterEncoder.Html).preTags("<em>").postTags("</em>")
                                .highlightQuery(inner.marking()).fields("messages.text", x -> x.numberOfFragments(0))));
            }
            return n;
        }));
        Query byIdentity = inner == null
                ? identity(text)
                : Query.of(q -> q.bool(b -> b.must(identity(text)).must(m -> m.nested(n -> n.path("messages")
                        .scoreMode(ChildScoreMode.None).query(onMessage)
                        .innerHits(ih -> ih.name(FIRST).size(1)
                                .sort(o -> o.field(x -> x.field("messages.sentAt").order(SortOrder.Asc))))))));
        Query excluded = text.excludedIn("messages.text");
        return Query.of(q -> q.bool(b -> {
            b.filter(filters).must(m -> m.bool(x -> x.should(byText).should(byIdentity).minimumShouldMatch("1")));
            if (excluded != null) {
                b.mustNot(n -> n.nested(x -> x.path("messages").query(excluded)));
            }
            return b;
        }));
    }

    /**
     * A conversation found by its visitor's name (every word), its visitor's id or its own id: a constant score above what any
     * text match reaches, so it ranks first.
     */
    private static Query identity(TextQuery text) {
        Query name = Query.of(q -> q.match(m -> m.field("visitorName").query(text.positiveText()).operator(Operator.And)));
        return Query.of(q -> q.bool(b -> b.minimumShouldMatch("1")
                .should(s -> s.constantScore(c -> c.filter(name).boost(IDENTITY_BOOST)))
                .should(s -> s.constantScore(c -> c.filter(term("visitorId", text.raw())).boost(IDENTITY_BOOST)))
                .should(s -> s.constantScore(c -> c.filter(term("conversationId", text.raw())).boost(2 * IDENTITY_BOOST)))));
    }

    private static List<Query> stateFilters(SearchFilters f, boolean conversationTimes) {
        List<Query> filters = new ArrayList<>();
        filters.add(term("workspaceId", f.workspace()));
        addTerm(filters, "botId", f.botId());
        addTerm(filters, "channel", f.channel());
        addTerm(filters, "status", f.status());
        addTerm(filters, "mode", f.mode());
        addTerm(filters, "assignee", f.assignee());
        if (f.unassigned()) {
            filters.add(Query.of(q -> q.bool(b -> b.mustNot(n -> n.exists(e -> e.field("assignee"))))));
        }
        if (f.needsHuman() != null) {
            filters.add(Query.of(q -> q.term(t -> t.field("needsHuman").value(f.needsHuman()))));
        }
        if (f.botFailed() != null) {
            filters.add(Query.of(q -> q.term(t -> t.field("botFailed").value(f.botFailed()))));
        }
        if (f.labels() != null) {
            filters.add(Query.of(q -> q.terms(t -> t.field("labels")
                    .terms(v -> v.value(f.labels().stream().map(FieldValue::of).toList())))));
        }
        if (f.conversationIds() != null) {
            filters.add(Query.of(q -> q.terms(t -> t.field("conversationId")
                    .terms(v -> v.value(f.conversationIds().stream().map(FieldValue::of).toList())))));
        }
        if (conversationTimes) {
            addRange(filters, "lastMessageAt", f);
        }
        return filters;
    }

    /** What a message must be to count in a message search: its role and its time. */
    private static Query messageFilter(SearchFilters f, String role) {
        List<Query> filters = new ArrayList<>();
        addTerm(filters, "messages.role", role);
        addRange(filters, "messages.sentAt", f);
        return Query.of(q -> q.bool(b -> b.filter(filters)));
    }

    /** Any message of the role (any role: null). */
    private static Query messageFilter(String role) {
        List<Query> filters = new ArrayList<>();
        addTerm(filters, "messages.role", role);
        return Query.of(q -> q.bool(b -> b.filter(filters)));
    }

    private static void addRange(List<Query> filters, String field, SearchFilters f) {
        if (f.since() == null && f.until() == null) {
            return;
        }
        filters.add(Query.of(q -> q.range(r -> r.date(d -> {
            d.field(field);
            if (f.since() != null) {
                d.gte(f.since().toString());
            }
            if (f.until() != null) {
                d.lt(f.until().toString());
            }
            return d;
        }))));
    }

    private static void addTerm(List<Query> filters, String field, String value) {
        if (value != null) {
            filters.add(term(field, value));
        }
    }

    private static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(value)));
    }

    /** Conversations by a field of theirs, each bucket counting the matching messages in them. */
    private static java.util.function.Function<Aggregation.Builder, co.elastic.clients.util.ObjectBuilder<Aggregation>> facet(
            String field, Query textOfMessage) {
        return a -> a.terms(t -> t.field(field).size(FACET_SIZE))
                .aggregations("messages", n -> n.nested(x -> x.path("messages"))
                        .aggregations("text", m -> m.filter(textOfMessage)));
    }

    private static Map<String, Long> bucketCounts(Aggregate facet) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (StringTermsBucket bucket : facet.sterms().buckets().array()) {
            long messages = bucket.aggregations().get("messages").nested().aggregations().get("text").filter().docCount();
            // a conversation found by its visitor or id counts as the one message it shows
            counts.put(bucket.key().stringValue(), Math.max(messages, 1));
        }
        return counts;
    }

    private static Map<String, Long> terms(Aggregate terms) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (StringTermsBucket bucket : terms.sterms().buckets().array()) {
            counts.put(bucket.key().stringValue(), bucket.docCount());
        }
        return counts;
    }

    private static Map<String, Map<String, Long>> emptyFacets() {
        Map<String, Map<String, Long>> facets = new LinkedHashMap<>();
        for (String facet : List.of("channel", "role", "botId", "status", "label")) {
            facets.put(facet, Map.of());
        }
        return facets;
    }

    private static List<Hit<JsonData>> innerHits(Hit<JsonData> hit, String name) {
        InnerHitsResult result = hit.innerHits().get(name);
        return result == null ? List.of() : result.hits().hits();
    }

    private static Found found(Hit<JsonData> conversation, Hit<JsonData> inner) {
        JsonData source = conversation.source();
        IndexedMessage m = inner.source().to(IndexedMessage.class);
        List<String> marked = inner.highlight().get("messages.text");
        String highlight = marked == null || marked.isEmpty() ? escape(m.text()) : marked.get(0);
        double score = conversation.score() == null ? 0 : conversation.score();
        var fields = source.toJson().asJsonObject();
        return new Found(fields.getString("conversationId"), m.messageId(), m.role(), m.text(), highlight, m.sentAt(),
                fields.getString("channel", null), fields.getString("botId", null), score);
    }

    private static String encode(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor, String prefix) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!raw.startsWith(prefix)) {
                throw new BadCursorException();
            }
            return raw.substring(prefix.length());
        } catch (IllegalArgumentException e) {
            throw new BadCursorException();
        }
    }

    /** As Elasticsearch's html encoder escapes a highlighted text. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#x27;").replace("/", "&#x2F;");
    }
}
