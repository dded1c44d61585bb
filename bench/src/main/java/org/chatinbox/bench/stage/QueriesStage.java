package org.chatinbox.bench.stage;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.chatinbox.bench.data.Dialogues.Conversation;
import org.chatinbox.bench.data.Dialogues.Turn;
import org.chatinbox.bench.data.SteadyTraffic;
import org.chatinbox.bench.report.Figure;
import org.chatinbox.bench.report.Percentiles;
import org.chatinbox.bench.report.Series;
import org.chatinbox.bench.stack.Idle;
import org.chatinbox.bench.stack.MessagesTopic;
import org.chatinbox.bench.stack.SearchLog;
import org.chatinbox.bench.stage.PostgresSearch.Way;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The inbox's reads at growing data sizes, under a steady ingest of single messages: the list, a deep page, filters, counts,
 * one conversation's messages, the search box and the keyword filter, similar conversations — through the gateway, each call
 * alternated with the same raw query on the store (the SQL conversation-service runs; the Elasticsearch requests search-service
 * sent, read from the search slow log). Beside them, what a team would build on PostgreSQL alone ({@code ILIKE},
 * {@code pg_trgm}, full text with {@code ts_rank}) on the same messages, and at the end how often a visitor's sentence finds
 * its own conversation among a thousand dialogues (hit@5), as written and with a typo.
 */
public final class QueriesStage implements Stage {

    static final String AGENT_KEY = "bench-agent-key";
    static final String CHANNEL_KEY = "bench-channel-key";
    static final String WORKSPACE = "bench";
    static final String JDBC = "jdbc:postgresql://127.0.0.1:15432/inbox_conversation";
    static final ObjectMapper JSON = new ObjectMapper();
    /** Words and phrases agents type, from the dialogues' own domains. */
    static final List<String> KEYWORDS = List.of("appointment", "weather tomorrow", "book a table", "apartment", "password",
            "ride", "meeting room", "hotel", "flight", "party", "doctor", "bank balance");
    /** The columns conversation-service's list reads (ConversationRepository). */
    static final String LIST_COLUMNS = """
            id, bot_id, channel, visitor_id, visitor_name, status, snoozed_until, mode, holder, assignee, needs_human, labels,
            message_count, started_at, last_message_at, last_message_id, last_message_role, last_message_text, session_city,
            session_country, session_device, session_browser, session_os, session_locale, session_page_url, session_ip,
            session_user_agent, feedback_helpful, feedback_unhelpful""";

    private HttpClient http;
    private String gateway;
    private final Random random = new Random(11);
    /** Calls the gateway refused (a busy service answers 503 and the caller retries), by case: reported, not timed. */
    private final Map<String, Integer> failed = new LinkedHashMap<>();
    private String firstFailure;

    /** A call measured many times; {@code i} counts the calls. */
    interface Call {
        void run(int i) throws Exception;
    }

    @Override
    public String name() {
        return "queries";
    }

    @Override
    public Result run(Settings settings) throws Exception {
        http = Settings.http();
        gateway = settings.gateway();
        Result result = Result.empty();
        Series latency = new Series("Query p50 against the data size (steady ingest beside)", "messages in the workspace",
                "ms");
        Series storage = new Series("Storage against the data size", "messages in the workspace", "MiB");
        long[] targets = settings.full() ? new long[]{100_000, 1_000_000} : new long[]{20_000};
        int calls = settings.full() ? 100 : 20;
        // the steady ingest beside the queries: a fifth of the freshness stage's rate, which keeps this box busy by itself
        int rate = Math.max(1, settings.rate() / 5);
        List<Conversation> hits = settings.dialogues().hitSet();
        StringBuilder alternatives = new StringBuilder("""
                Keyword search on the same messages, the twelve keywords in turn, under the same steady ingest. chat-inbox's \
                answers are a page of conversations with their matching messages highlighted; PostgreSQL's are the ids of 20 \
                conversations.

                | messages | way | p50 | p99 |
                |---:|---|---:|---:|
                """);
        try (MessagesTopic topic = new MessagesTopic();
                Connection db = DriverManager.getConnection(JDBC, "inbox", "inbox");
                PostgresSearch postgres = new PostgresSearch(db)) {
            MessagesTopic.produce(hits, json -> {
            });
            SearchLog log = new SearchLog(http);
            for (long target : targets) {
                long had = messages(db);
                long start = System.nanoTime();
                if (target > had) {
                    MessagesTopic.produce(settings.dialogues(), target - had, json -> {
                    });
                }
                long left = topic.awaitStored(topic.endOffsets(), Duration.ofMinutes(settings.full() ? 90 : 5));
                double loaded = (System.nanoTime() - start) / 1e9;
                // the embeddings of new conversations are computed off the consumers' path: let them finish if they can
                Idle.await(settings.processes(), settings.full() ? Duration.ofMinutes(10) : Duration.ofSeconds(30));
                long size = messages(db);
                String at = " at " + human(size);
                result.notes().add(String.format(Locale.ROOT, "%s messages in the workspace: %,d loaded in %.0f s "
                        + "(straight to %s, until every read model had stored them)%s. The queries ran beside a steady ingest of %d "
                        + "single messages/s through the gateway.", human(size), Math.max(0, target - had), loaded,
                        MessagesTopic.TOPIC, left > 0 ? ", " + left + " records still not stored" : "", rate));

                double copied = postgres.copy(WORKSPACE, settings.full() ? Long.MAX_VALUE : 100_000);
                long rows = postgres.rows();
                double fullText = postgres.indexFullText();
                try (SteadyTraffic live = new SteadyTraffic(http, gateway, CHANNEL_KEY, settings.dialogues(),
                        settings.rate())) {
                    Map<String, Percentiles> gatewayP = new LinkedHashMap<>();
                    inbox(result, db, at, calls, hits, gatewayP);
                    search(result, log, at, calls, gatewayP);
                    similar(result, at, calls, hits);
                    stateChange(result, at, hits);
                    keywordsOnPostgres(result, postgres, Way.ILIKE, at, settings.full() ? 24 : 12, gatewayP);
                    double trigrams = postgres.indexTrigrams();
                    keywordsOnPostgres(result, postgres, Way.TRIGRAM, at, Math.max(24, calls / 5), gatewayP);
                    keywordsOnPostgres(result, postgres, Way.TS_RANK, at, Math.max(24, calls / 5), gatewayP);
                    gatewayP.forEach((name, p) -> {
                        latency.add(name, size, p.p50());
                        if (name.startsWith("chat-inbox") || name.startsWith("PostgreSQL")) {
                            alternatives.append(String.format(Locale.ROOT, "| %,d | %s | %.1f ms | %.1f ms |%n", size, name,
                                    p.p50(), p.p99()));
                        }
                    });
                    storage.add("Elasticsearch index (every workspace)", size, searchIndexBytes() / 1048576.0)
                            .add("PostgreSQL: messages with tsvector and both GIN indexes", size,
                                    postgres.size("message") / 1048576.0)
                            .add("PostgreSQL: pg_trgm index alone", size, postgres.size("message_trgm") / 1048576.0);
                    result.notes().add(String.format(Locale.ROOT, "At %s: the PostgreSQL copy of %,d messages took %.1f s, "
                            + "its stored tsvector and GIN index %.1f s, the pg_trgm index %.1f s (%.0f MiB); %d single "
                            + "messages were accepted meanwhile (%d refused).", human(size), rows, copied, fullText, trigrams,
                            postgres.size("message_trgm") / 1048576.0, live.accepted(), live.refused()));
                    if (rows < size) {
                        result.notes()
                                .add("The PostgreSQL alternatives held the newest " + human(rows) + " of the " + human(size)
                                        + " messages (a quick run does not copy more).");
                    }
                }
            }
            relevance(result, postgres, hits, settings.dialogues().hitBot(), settings.full() ? 100 : 40);
        }
        result.notes().add(alternatives.toString());
        if (!failed.isEmpty()) {
            result.notes().add("Calls the gateway refused, left out of the latencies: " + failed + "; the first: `"
                    + firstFailure + "`.");
        }
        result.lines().add(latency);
        result.lines().add(storage);
        return result;
    }

    /** The list, a deep page, filters, counts and messages: through the gateway and as the SQL conversation-service runs. */
    private void inbox(Result result, Connection db, String at, int calls, List<Conversation> hits,
            Map<String, Percentiles> p50s) throws Exception {
        String sql = "SELECT " + LIST_COLUMNS + " FROM conversation WHERE workspace_id = ?";
        String order = " ORDER BY last_message_at DESC, id DESC LIMIT 21";
        compare(result, "list, first page" + at, "the same SQL", calls, i -> get("/api/v1/conversations?limit=20"),
                i -> rows(db, sql + order, WORKSPACE), p50s);

        // page 51: the cursor of the gateway's 50th page, and the keyset of its last row
        String cursor = null;
        JsonNode last = null;
        for (int page = 0; page < 50; page++) {
            JsonNode answer = JSON
                    .readTree(get("/api/v1/conversations?limit=20" + (cursor == null ? "" : "&cursor=" + cursor)));
            if (answer.path("nextCursor").isMissingNode() || answer.path("nextCursor").isNull()) {
                break;
            }
            cursor = answer.get("nextCursor").asText();
            JsonNode items = answer.get("items");
            last = items.get(items.size() - 1);
        }
        if (last != null) {
            String deep = cursor;
            Timestamp lastAt = Timestamp.from(Instant.parse(last.get("lastMessageAt").asText()));
            String lastId = last.get("id").asText();
            compare(result, "list, page 51 by cursor" + at, "the same SQL", calls,
                    i -> get("/api/v1/conversations?limit=20&cursor=" + deep),
                    i -> rows(db, sql + " AND (last_message_at, id) < (?, ?)" + order, WORKSPACE, lastAt, lastId), p50s);
        }
        compare(result, "list, bot + status filter" + at, "the same SQL", calls,
                i -> get("/api/v1/conversations?limit=20&botId=support-bot&status=open"),
                i -> rows(db, sql + " AND bot_id = ? AND status = ?" + order, WORKSPACE, "support-bot", "open"), p50s);
        compare(result, "counts" + at, "the same SQL", calls, i -> get("/api/v1/conversations/counts"),
                i -> rows(db, """
                        SELECT count(*), count(*) FILTER (WHERE assignee = ?), count(*) FILTER (WHERE assignee IS NULL),
                               count(*) FILTER (WHERE needs_human), count(*) FILTER (WHERE mode = 'HUMAN')
                        FROM conversation WHERE workspace_id = ?""", "bench", WORKSPACE), p50s);
        compare(result, "messages of a conversation" + at, "the same SQL", calls,
                i -> get("/api/v1/conversations/" + hits.get(i % hits.size()).id() + "/messages?limit=50"),
                i -> rows(db, """
                        SELECT m.id, m.role, m.sender_id, m.sender_name, m.text, m.sent_at, m.feedback, m.attachments,
                            CASE WHEN m.role = 'agent' THEN d.state END
                        FROM message m LEFT JOIN message_delivery d ON d.workspace_id = m.workspace_id
                            AND d.conversation_id = m.conversation_id AND d.message_id = m.id
                        WHERE m.workspace_id = ? AND m.conversation_id = ? ORDER BY m.sent_at, m.id LIMIT 51""", WORKSPACE,
                        hits.get(i % hits.size()).id()),
                p50s);
    }

    /** The search box and the keyword filter, with and without state filters, against the requests search-service sent. */
    private void search(Result result, SearchLog log, String at, int calls, Map<String, Percentiles> p50s) throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("chat-inbox /search (ranked)", "/api/v1/search?q=%s");
        cases.put("/search + status=open", "/api/v1/search?q=%s&status=open");
        cases.put("chat-inbox /conversations?q= (newest first)", "/api/v1/conversations?limit=20&q=%s");
        cases.put("/conversations?q= + status, assignee=none", "/api/v1/conversations?limit=20&q=%s&status=open&assignee=none");
        for (var c : cases.entrySet()) {
            List<String> urls = new ArrayList<>();
            List<List<String>> raw = new ArrayList<>();
            for (String keyword : KEYWORDS) {
                String url = String.format(c.getValue(), URLEncoder.encode(keyword, StandardCharsets.UTF_8));
                urls.add(url);
                raw.add(log.capture(() -> {
                    // a busy search-service may answer 503 once: the capture needs one call that went through
                    for (int attempt = 0;; attempt++) {
                        try {
                            get(url);
                            return;
                        } catch (Exception e) {
                            if (attempt == 5) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }
                }, keyword.split(" ")[0]));
            }
            compare(result, c.getKey() + at, "the same Elasticsearch requests", calls, i -> get(urls.get(i % urls.size())),
                    i -> log.replay(raw.get(i % raw.size())), p50s);
        }
    }

    /** Similar conversations: a kNN over the workspace's visitor vectors, then a highlight search; the gateway only. */
    private void similar(Result result, String at, int calls, List<Conversation> hits) throws Exception {
        List<Double> ms = measure("similar conversations" + at, calls,
                i -> get("/api/v1/conversations/" + hits.get(random.nextInt(hits.size())).id() + "/similar"));
        Percentiles p = Percentiles.of(ms);
        result.figures().add(Figure.of(name(), "similar conversations" + at + " p50", p.p50(), "ms", false));
        result.figures().add(Figure.of(name(), "similar conversations" + at + " p99", p.p99(), "ms", false));
    }

    /**
     * A state change as an agent sees it: a hit-set conversation resolved through the gateway, until the keyword filter with
     * {@code status=resolved} finds it (search-service learns the state from conversation-service's event).
     */
    private void stateChange(Result result, String at, List<Conversation> hits) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = hits.get(random.nextInt(hits.size())).id();
            HttpResponse<String> resolved = http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/conversations/" + id
                    + "/resolve")).header("X-API-Key", AGENT_KEY).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (resolved.statusCode() >= 300) {
                continue; // resolved already by an earlier pick
            }
            long t = System.nanoTime();
            long deadline = t + Duration.ofSeconds(60).toNanos();
            String url = "/api/v1/conversations?status=resolved&q=" + id;
            while (!get(url).contains("\"" + id + "\"") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            ms.add((System.nanoTime() - t) / 1e6);
        }
        Percentiles p = Percentiles.of(ms);
        result.figures().add(Figure.of(name(), "resolve → found by q + status=resolved" + at + " p50", p.p50(), "ms", false));
        result.figures().add(Figure.of(name(), "resolve → found by q + status=resolved" + at + " max", p.max(), "ms", false));
    }

    /** One of PostgreSQL's ways over the keywords: 20 conversations per keyword. */
    private void keywordsOnPostgres(Result result, PostgresSearch postgres, Way way, String at, int calls,
            Map<String, Percentiles> p50s) throws Exception {
        List<Double> ms = measure(way.label + at, calls, i -> postgres.find(way, KEYWORDS.get(i % KEYWORDS.size()), null, 20));
        Percentiles p = Percentiles.of(ms);
        p50s.put(way.label, p);
        result.figures().add(Figure.of(name(), way.label + at + " p50", p.p50(), "ms", false));
        result.figures().add(Figure.of(name(), way.label + at + " p99", p.p99(), "ms", false));
    }

    /** A call through the gateway and its raw query on the store, alternated call by call after a warm-up. */
    private void compare(Result result, String name, String raw, int calls, Call gatewayCall, Call rawCall,
            Map<String, Percentiles> p50s) throws Exception {
        for (int i = 0; i < 10; i++) {
            timed(name, gatewayCall, i);
            rawCall.run(i);
        }
        List<Double> viaGateway = new ArrayList<>();
        List<Double> direct = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            double ms = timed(name, gatewayCall, i);
            if (!Double.isNaN(ms)) {
                viaGateway.add(ms);
            }
            long t = System.nanoTime();
            rawCall.run(i);
            direct.add((System.nanoTime() - t) / 1e6);
        }
        Percentiles g = Percentiles.of(viaGateway);
        Percentiles d = Percentiles.of(direct);
        p50s.put(name.substring(0, name.lastIndexOf(" at ")), g);
        result.figures().add(Figure.of(name(), name + " p50", g.p50(), "ms", false).against(raw + " p50", d.p50()));
        result.figures().add(Figure.of(name(), name + " p99", g.p99(), "ms", false).against(raw + " p99", d.p99()));
    }

    private List<Double> measure(String name, int calls, Call call) throws Exception {
        for (int i = 0; i < Math.min(10, calls); i++) {
            timed(name, call, i);
        }
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            double ms = timed(name, call, i);
            if (!Double.isNaN(ms)) {
                samples.add(ms);
            }
        }
        return samples;
    }

    /** One call's milliseconds, or NaN when it failed (counted under the case's name). */
    private double timed(String name, Call call, int i) {
        long t = System.nanoTime();
        try {
            call.run(i);
            return (System.nanoTime() - t) / 1e6;
        } catch (Exception e) {
            failed.merge(name, 1, Integer::sum);
            firstFailure = firstFailure == null ? e.getMessage() : firstFailure;
            return Double.NaN;
        }
    }

    /**
     * hit@5: a visitor's sentence (of at least six words) finding its own conversation among the thousand dialogues of the hit
     * set, as written and with two letters of its longest word swapped.
     */
    private void relevance(Result result, PostgresSearch postgres, List<Conversation> hits, String bot, int probes)
            throws Exception {
        Random pick = new Random(17);
        List<String[]> asked = new ArrayList<>();
        for (Conversation c : hits) {
            List<String> sentences = c.turns().stream().filter(Turn::visitor).map(Turn::text)
                    .filter(t -> t.split("\\s+").length >= 6).toList();
            if (!sentences.isEmpty() && asked.size() < probes) {
                String sentence = sentences.get(pick.nextInt(sentences.size()));
                asked.add(new String[]{c.id(), sentence, typo(sentence)});
            }
        }
        Map<String, int[]> found = new LinkedHashMap<>();
        for (String[] probe : asked) {
            for (int variant = 0; variant < 2; variant++) {
                String q = probe[1 + variant];
                count(found, "chat-inbox /search", variant, searchTop5(q, bot).contains(probe[0]));
                count(found, "PostgreSQL ILIKE '%…%'", variant, postgres.find(Way.ILIKE, q, bot, 5).contains(probe[0]));
                count(found, "PostgreSQL pg_trgm similarity", variant, postgres.mostSimilar(q, bot, 5).contains(probe[0]));
                count(found, "PostgreSQL full text, ts_rank", variant,
                        postgres.find(Way.TS_RANK, q, bot, 5).contains(probe[0]));
            }
        }
        found.forEach((way, counts) -> {
            result.figures()
                    .add(Figure.of(name(), "hit@5 " + way + ", as written", 100.0 * counts[0] / asked.size(), "%", true));
            result.figures()
                    .add(Figure.of(name(), "hit@5 " + way + ", with a typo", 100.0 * counts[1] / asked.size(), "%", true));
        });
        result.notes().add(String.format(Locale.ROOT, "Relevance: %d visitor sentences, each asked as written and with a typo, "
                + "among the %d dialogues of the hit set (bot %s); a hit is its own conversation in the first five.",
                asked.size(), hits.size(), bot));
    }

    private static void count(Map<String, int[]> found, String way, int variant, boolean hit) {
        found.computeIfAbsent(way, w -> new int[2])[variant] += hit ? 1 : 0;
    }

    private Set<String> searchTop5(String q, String bot) throws Exception {
        JsonNode answer = JSON.readTree(get("/api/v1/search?limit=50&botId=" + bot + "&q="
                + URLEncoder.encode(q, StandardCharsets.UTF_8)));
        Set<String> top = new LinkedHashSet<>();
        for (JsonNode item : answer.path("items")) {
            if (top.size() < 5) {
                top.add(item.get("conversationId").asText());
            }
        }
        return top;
    }

    /** The sentence with two letters of its longest word swapped, as a hurried agent types it. */
    static String typo(String sentence) {
        String[] words = sentence.split(" ");
        int longest = 0;
        for (int i = 1; i < words.length; i++) {
            if (words[i].replaceAll("\\W", "").length() > words[longest].replaceAll("\\W", "").length()) {
                longest = i;
            }
        }
        char[] w = words[longest].toCharArray();
        if (w.length >= 4) {
            char c = w[1];
            w[1] = w[2];
            w[2] = c;
        }
        words[longest] = new String(w);
        return String.join(" ", words);
    }

    private static long messages(Connection db) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT count(*) FROM message WHERE workspace_id = ?")) {
            q.setString(1, WORKSPACE);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static void rows(Connection db, String sql, Object... params) throws SQLException {
        try (PreparedStatement q = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                q.setObject(i + 1, params[i]);
            }
            try (ResultSet r = q.executeQuery()) {
                int columns = r.getMetaData().getColumnCount();
                while (r.next()) {
                    for (int c = 1; c <= columns; c++) {
                        r.getObject(c);
                    }
                }
            }
        }
    }

    private long searchIndexBytes() throws Exception {
        HttpResponse<String> stats = http
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:9200/inbox-search/_stats/store"))
                        .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(stats.body()).at("/_all/primaries/store/size_in_bytes").asLong();
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = http
                .send(HttpRequest.newBuilder(URI.create(gateway + path)).header("X-API-Key", AGENT_KEY)
                        .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static String human(long n) {
        return n >= 1_000_000
                ? String.format(Locale.ROOT, "%.1fM", n / 1e6)
                : n >= 1000 ? String.format(Locale.ROOT, "%.0fk", n / 1e3) : Long.toString(n);
    }
}
