import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * search-service at scale, on real dialogues (bench/data, STAR) cycled with new ids, bots, channels and visitors until the
 * workspace "bench" holds about 1M messages:
 * <ol>
 * <li>indexing: the messages go to Kafka while every consumer is paused (SIGSTOP), then search-service alone drains them
 * (events/s) — against raw {@code _bulk} of the same documents it wrote, read back from its index, into a scratch index of
 * the same mapping (messages/s);</li>
 * <li>state: a third of the conversations resolved and a seventh labelled through the gateway's bulk action;</li>
 * <li>queries: {@code /search} and {@code /conversations?q=} with and without state filters, p50/p99 through the gateway
 * against the very query search-service sent (captured from Elasticsearch's search slow log at threshold 0), alternating
 * the two call by call;</li>
 * <li>a state change: resolve through the gateway until the keyword search with {@code status=resolved} finds it (ms), and
 * the documents Elasticsearch rewrote for it;</li>
 * <li>relevance: hit@5 of a visitor's sentence (as written, and with a typo) finding its own conversation among 1,000
 * dialogues, against PostgreSQL full text ranked by {@code ts_rank} on the same messages.</li>
 * </ol>
 * Started by bench/search against a running deploy/local/inbox up.
 */
public class SearchBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String GATEWAY = "http://127.0.0.1:8080";
    static final String ES = "http://127.0.0.1:" + env("INBOX_ELASTICSEARCH_PORT", "9200");
    static final String KAFKA = "127.0.0.1:" + env("INBOX_KAFKA_PORT", "9092");
    static final String PG = "jdbc:postgresql://127.0.0.1:" + env("INBOX_POSTGRES_PORT", "15432") + "/";
    static final String AGENT_KEY = env("BENCH_AGENT_KEY", "bench-agent-key");
    static final String WORKSPACE = env("BENCH_WORKSPACE", "bench");
    static final Path INBOX_DIR = Path.of(env("INBOX_DIR", ".inbox"));
    static final int COPIES = Integer.parseInt(env("BENCH_COPIES", "55"));
    static final int CALLS = Integer.parseInt(env("BENCH_CALLS", "300"));
    /** Conversations under way at once: their messages interleave on the topic, as live traffic does. */
    static final int LIVE = Integer.parseInt(env("BENCH_LIVE", "100"));
    static final String[] CHANNELS = {"web", "telegram", "messenger", "whatsapp"};
    static final String[] NAMES = {"Dana Whitfield", "Omar Haddad", "Mei Lin", "Lucas Moreau", "Aisha Bello", "Jonas Berg",
            "Priya Nair", "Tomás Rivera", "Ingrid Olsen", "Kenji Sato"};
    /** Words and phrases agents type, from the dialogues' own domains. */
    static final String[] KEYWORDS = {"appointment", "weather tomorrow", "book a table", "apartment", "password",
            "ride", "meeting room", "hotel", "flight", "party", "doctor", "bank balance"};

    static String env(String name, String fallback) {
        return System.getenv().getOrDefault(name, fallback);
    }

    record Turn(String role, String text) {
    }

    record Dialogue(String id, String domain, List<Turn> turns) {
    }

    public static void main(String[] args) throws Exception {
        // BENCH_QUERIES_ONLY=<run> measures the queries again on the data a former run loaded
        String again = env("BENCH_QUERIES_ONLY", "");
        String tag = again.isEmpty() ? Long.toString(System.currentTimeMillis() / 1000 % 1_000_000, 36) : again;
        List<Dialogue> dialogues = readDialogues(Path.of("bench/data/star-dialogues-1000.jsonl"));
        String searchGroup = "search-service-v" + indexVersion();
        String index = aliasTarget("inbox-search");
        System.out.printf("search bench (run %s): %d STAR dialogues x %d copies, then the hit set; index %s, group %s%n", tag,
                dialogues.size(), COPIES, index, searchGroup);

        List<String> conversations = new ArrayList<>();
        if (!again.isEmpty()) {
            // summary-service catches up with the former run's messages: not on these two cores meanwhile
            long summary = pid("summary-service");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> signal(summary, "CONT")));
            signal(summary, "STOP");
            for (int copy = 0; copy < COPIES; copy++) {
                for (Dialogue dialogue : dialogues) {
                    conversations.add("sb-" + tag + "-" + copy + "-" + dialogue.id());
                }
            }
        } else {
            load(dialogues, tag, searchGroup, index, conversations);
            if (!env("BENCH_INDEX_ONLY", "").isEmpty()) {
                return;
            }
        }

        if (!env("BENCH_RELEVANCE_ONLY", "").isEmpty()) {
            relevance(dialogues, tag);
            return;
        }
        // 3. queries, gateway against the raw query it sent
        System.out.printf("%n%-44s %9s %9s %9s %9s %7s%n", "(" + CALLS + " calls each)", "gw p50", "gw p99", "raw p50",
                "raw p99", "p99 x");
        String slowlog = slowlogFile();
        setSlowlog(index, "0ms");
        try {
            List<String[]> cases = List.of(new String[] {"/search", "/api/v1/search?q=%s"},
                    new String[] {"/search + status=open", "/api/v1/search?q=%s&status=open"},
                    new String[] {"/search + status, label, channel", "/api/v1/search?q=%s&status=open&label=billing&channel=web"},
                    new String[] {"/conversations?q=", "/api/v1/conversations?q=%s"},
                    new String[] {"/conversations?q= + status=resolved", "/api/v1/conversations?q=%s&status=resolved"},
                    new String[] {"/conversations?q= + status, assignee=none", "/api/v1/conversations?q=%s&status=open&assignee=none"});
            for (String[] c : cases) {
                compare(c[0], c[1], index, slowlog);
            }
        } finally {
            setSlowlog(index, "-1");
        }

        similar(conversations);

        // 4. one state change
        stateChange(conversations, index);

        // 5. relevance
        relevance(dialogues, tag);
    }

    /** Phases 1 and 2: the messages indexed, the conversations' state set, the embeddings computed. */
    static void load(List<Dialogue> dialogues, String tag, String searchGroup, String index, List<String> conversations)
            throws Exception {
        // 1. indexing
        List<String> consumers = List.of("search-service", "conversation-service", "handoff-service", "summary-service",
                "gateway");
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String consumer : consumers) {
            pids.put(consumer, pid(consumer));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> pids.values().forEach(pid -> signal(pid, "CONT"))));
        pids.values().forEach(pid -> signal(pid, "STOP"));
        long produced = produce(dialogues, tag, conversations);
        long writesBefore = indexTotal(index);
        signal(pids.get("search-service"), "CONT");
        long t0 = System.nanoTime();
        awaitCaughtUp(searchGroup, "inbox.messages");
        double drain = (System.nanoTime() - t0) / 1e9;
        long writes = indexTotal(index) - writesBefore;
        System.out.printf("search-service drained %d messages in %.1f s: %.0f events/s, %d document writes (%.2f per message)%n",
                produced, drain, produced / drain, writes, (double) writes / produced);
        double[] raw = rawBulk(index, tag);
        System.out.printf("raw _bulk of the same %d documents (%d messages) into a scratch index: %.1f s, %.0f messages/s, %.0f docs/s%n",
                (long) raw[0], (long) raw[1], raw[2], raw[1] / raw[2], raw[0] / raw[2]);
        if (!env("BENCH_INDEX_ONLY", "").isEmpty()) {
            // the indexing figures alone, for comparing two builds of search-service in one sitting
            return;
        }
        signal(pids.get("conversation-service"), "CONT");
        signal(pids.get("handoff-service"), "CONT");
        signal(pids.get("gateway"), "CONT");
        awaitCaughtUp("conversation-service", "inbox.messages");
        awaitCaughtUp("handoff-service", "inbox.messages");
        System.out.println("conversation-service and handoff-service caught up (summary-service stays paused until the end)");

        // 2. state through the gateway
        long s0 = System.nanoTime();
        List<String> resolved = new ArrayList<>();
        List<String> labelled = new ArrayList<>();
        for (int i = 0; i < conversations.size(); i++) {
            if (i % 3 == 1) {
                resolved.add(conversations.get(i));
            }
            if (i % 7 == 2) {
                labelled.add(conversations.get(i));
            }
        }
        bulk(resolved, "{\"action\":\"resolve\",\"ids\":%s}");
        bulk(labelled, "{\"action\":\"label\",\"labels\":[\"billing\"],\"ids\":%s}");
        String prefix = "{\"prefix\":{\"conversationId\":\"sb-" + tag + "-\"}}";
        awaitCount(index, "{\"query\":{\"bool\":{\"filter\":[" + prefix + ",{\"term\":{\"status\":\"resolved\"}}]}}}",
                resolved.size());
        awaitCount(index, "{\"query\":{\"bool\":{\"filter\":[" + prefix + ",{\"term\":{\"labels\":\"billing\"}}]}}}",
                labelled.size());
        System.out.printf("%d resolved, %d labelled through the gateway's bulk action and searchable in %.1f s%n",
                resolved.size(), labelled.size(), (System.nanoTime() - s0) / 1e9);

        // the embeddings of similar conversations are computed off the consumers' path: wait for them, so that queries
        // do not share the two cores with the model
        long e0 = System.nanoTime();
        long waiting = count(index, "{\"query\":{\"term\":{\"needsEmbedding\":true}}}");
        long deadline = e0 + TimeUnit.MINUTES.toNanos(Long.parseLong(env("BENCH_EMBED_WAIT", "25")));
        long left = waiting;
        while (left > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5000);
            left = count(index, "{\"query\":{\"term\":{\"needsEmbedding\":true}}}");
        }
        double embedSeconds = (System.nanoTime() - e0) / 1e9;
        System.out.printf("embeddings: %d conversations waiting, %d left after %.0f s (%.1f conversations/s)%n", waiting, left,
                embedSeconds, (waiting - left) / embedSeconds);

    }

    // ---- data

    static List<Dialogue> readDialogues(Path file) throws Exception {
        List<Dialogue> dialogues = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode d = JSON.readTree(line);
            List<Turn> turns = new ArrayList<>();
            for (JsonNode t : d.get("turns")) {
                if (!t.path("text").asText().isBlank()) {
                    turns.add(new Turn("user".equals(t.get("speaker").asText()) ? "visitor" : "bot", t.get("text").asText()));
                }
            }
            dialogues.add(new Dialogue(d.get("id").asText(), d.path("domain").asText("general"), turns));
        }
        return dialogues;
    }

    static String hitConversation(String tag, Dialogue d) {
        return "sh-" + tag + "-" + d.id();
    }

    /**
     * Every copy of every dialogue (conversation {@code sb-<tag>-<copy>-<dialogue>}), then the hit set (one copy, bot
     * {@code hit-<tag>}), the messages of {@link #LIVE} conversations at a time interleaved turn by turn.
     */
    static long produce(List<Dialogue> dialogues, String tag, List<String> conversations) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", KAFKA);
        props.put("acks", "all");
        props.put("linger.ms", "20");
        props.put("batch.size", "262144");
        props.put("compression.type", "lz4");
        List<Object[]> all = new ArrayList<>();
        for (int copy = 0; copy <= COPIES; copy++) {
            for (int d = 0; d < dialogues.size(); d++) {
                boolean hit = copy == COPIES;
                Dialogue dialogue = dialogues.get(d);
                String conversation = hit ? hitConversation(tag, dialogue) : "sb-" + tag + "-" + copy + "-" + dialogue.id();
                String bot = hit ? "hit-" + tag : dialogue.domain() + "-bot";
                if (!hit) {
                    conversations.add(conversation);
                }
                all.add(new Object[] {conversation, bot, CHANNELS[(copy + d) % CHANNELS.length], NAMES[(copy * 7 + d) % NAMES.length],
                        dialogue, Instant.parse("2026-08-01T00:00:00Z").plusSeconds((long) (copy * dialogues.size() + d) * 131)});
            }
        }
        long count = 0;
        long t0 = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int start = 0; start < all.size(); start += LIVE) {
                List<Object[]> live = all.subList(start, Math.min(all.size(), start + LIVE));
                for (int turn = 0; ; turn++) {
                    boolean any = false;
                    for (Object[] c : live) {
                        Dialogue dialogue = (Dialogue) c[4];
                        if (turn >= dialogue.turns().size()) {
                            continue;
                        }
                        any = true;
                        Turn t = dialogue.turns().get(turn);
                        String conversation = (String) c[0];
                        String visitor = "v-" + conversation;
                        ObjectNode sender = JSON.createObjectNode().put("role", t.role())
                                .put("id", "visitor".equals(t.role()) ? visitor : (String) c[1]);
                        if ("visitor".equals(t.role())) {
                            sender.put("name", (String) c[3]);
                        }
                        ObjectNode data = JSON.createObjectNode().put("workspaceId", WORKSPACE).put("botId", (String) c[1])
                                .put("channel", (String) c[2]).put("conversationId", conversation).put("messageId", "m" + turn);
                        data.set("sender", sender);
                        data.put("text", t.text());
                        ObjectNode event = JSON.createObjectNode().put("specversion", "1.0").put("id", conversation + "-" + turn)
                                .put("source", "/channels/" + c[2]).put("type", "inbox.message.created")
                                .put("time", ((Instant) c[5]).plusSeconds(turn * 7L).toString());
                        event.set("data", data);
                        producer.send(new ProducerRecord<>("inbox.messages", null, conversation, JSON.writeValueAsString(event),
                                List.of(new RecordHeader("content-type",
                                        "application/cloudevents+json".getBytes(StandardCharsets.UTF_8)))));
                        count++;
                    }
                    if (!any) {
                        break;
                    }
                }
            }
            producer.flush();
        }
        System.out.printf("produced %d messages in %d conversations to inbox.messages in %.1f s%n", count, all.size(),
                (System.nanoTime() - t0) / 1e9);
        return count;
    }

    // ---- Kafka

    static void awaitCaughtUp(String group, String topic) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", KAFKA);
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((p, info) -> ends.put(p, info.offset()));
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                if (ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue())) {
                    return;
                }
                Thread.sleep(200);
            }
        }
    }

    // ---- Elasticsearch

    static String aliasTarget(String alias) throws Exception {
        return JSON.readTree(get(ES + "/_alias/" + alias, null)).fieldNames().next();
    }

    static long indexTotal(String index) throws Exception {
        return JSON.readTree(get(ES + "/" + index + "/_stats/indexing", null)).at("/_all/primaries/indexing/index_total")
                .asLong();
    }

    /** The run's documents read back from the index (vectors left out, as the consumers write them) and bulked into a copy. */
    static double[] rawBulk(String index, String tag) throws Exception {
        String scratch = "bench-raw-conversations";
        send("DELETE", ES + "/" + scratch, null, null);
        send("PUT", ES + "/" + scratch, Files.readString(Path.of("search-service/src/main/resources/search/conversations-index.json")),
                "application/json");
        String query = "{\"size\":500,\"sort\":[\"_doc\"],\"_source\":{\"excludes\":[\"visitorVector\"]},"
                + "\"query\":{\"prefix\":{\"conversationId\":\"sb-" + tag + "-\"}}}";
        JsonNode page = JSON.readTree(send("POST", ES + "/" + index + "/_search?scroll=2m", query, "application/json"));
        long docs = 0;
        long messages = 0;
        long nanos = 0;
        while (page.at("/hits/hits").size() > 0) {
            StringBuilder body = new StringBuilder();
            for (JsonNode hit : page.at("/hits/hits")) {
                body.append("{\"index\":{\"_id\":").append(JSON.writeValueAsString(hit.get("_id").asText())).append("}}\n")
                        .append(JSON.writeValueAsString(hit.get("_source"))).append('\n');
                docs++;
                messages += hit.at("/_source/messages").size();
            }
            long t = System.nanoTime();
            String answer = send("POST", ES + "/" + scratch + "/_bulk", body.toString(), "application/x-ndjson");
            nanos += System.nanoTime() - t;
            if (answer.contains("\"errors\":true")) {
                throw new IllegalStateException("raw bulk refused: " + answer.substring(0, Math.min(500, answer.length())));
            }
            page = JSON.readTree(send("POST", ES + "/_search/scroll",
                    "{\"scroll\":\"2m\",\"scroll_id\":\"" + page.get("_scroll_id").asText() + "\"}", "application/json"));
        }
        long t = System.nanoTime();
        send("POST", ES + "/" + scratch + "/_refresh", null, null);
        nanos += System.nanoTime() - t;
        send("DELETE", ES + "/" + scratch, null, null);
        return new double[] {docs, messages, nanos / 1e9};
    }

    static String slowlogFile() throws Exception {
        JsonNode nodes = JSON.readTree(get(ES + "/_nodes/settings", null)).get("nodes");
        JsonNode node = nodes.elements().next();
        Path logs = Path.of(node.at("/settings/path/logs").asText());
        return logs.resolve(node.at("/settings/cluster/name").asText() + "_index_search_slowlog.json").toString();
    }

    static void setSlowlog(String index, String threshold) throws Exception {
        send("PUT", ES + "/" + index + "/_settings", "{\"index.search.slowlog.threshold.query.warn\":\"" + threshold + "\"}",
                "application/json");
    }

    /**
     * The requests the gateway's call just caused, in order: the sources the slow log wrote for the index since {@code fromByte}
     * that mention the keyword (a /search first looks up the words near the typed ones, then searches), once the search is in.
     */
    static List<String> capturedQueries(String slowlog, long fromByte, String keyword) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            byte[] bytes = Files.readAllBytes(Path.of(slowlog));
            List<String> sources = new ArrayList<>();
            boolean searched = false;
            if (bytes.length > fromByte) {
                String added = new String(bytes, (int) fromByte, bytes.length - (int) fromByte, StandardCharsets.UTF_8);
                for (String line : added.split("\n")) {
                    // the embedding worker's polls land in the same log
                    if (line.contains("\"elasticsearch.slowlog.source\"")) {
                        // the source is logged as an escaped string: unescape it once more
                        String logged = JSON.readTree(line).get("elasticsearch.slowlog.source").asText();
                        String source = logged.startsWith("{\\\"") ? JSON.readTree("\"" + logged + "\"").asText() : logged;
                        if (source.contains(keyword.split(" ")[0])) {
                            sources.add(source);
                            searched |= JSON.readTree(source).has("query");
                        }
                    }
                }
            }
            if (searched) {
                return sources;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no query in " + slowlog);
    }

    // ---- queries

    static void compare(String name, String path, String index, String slowlog) throws Exception {
        // the raw query of each keyword, captured once
        Map<String, List<String>> raw = new LinkedHashMap<>();
        for (String keyword : KEYWORDS) {
            long size = Files.size(Path.of(slowlog));
            String url = GATEWAY + String.format(path, URLEncoder.encode(keyword, StandardCharsets.UTF_8));
            get(url, AGENT_KEY);
            raw.put(url, capturedQueries(slowlog, size, keyword));
        }
        setSlowlog(index, "-1");
        List<String> urls = new ArrayList<>(raw.keySet());
        for (int i = 0; i < 30; i++) {
            String url = urls.get(i % urls.size());
            get(url, AGENT_KEY);
            replay(index, raw.get(url));
        }
        long[] gateway = new long[CALLS];
        long[] direct = new long[CALLS];
        for (int i = 0; i < CALLS; i++) {
            String url = urls.get(i % urls.size());
            long t = System.nanoTime();
            get(url, AGENT_KEY);
            gateway[i] = System.nanoTime() - t;
            t = System.nanoTime();
            replay(index, raw.get(url));
            direct[i] = System.nanoTime() - t;
        }
        Arrays.sort(gateway);
        Arrays.sort(direct);
        System.out.printf("%-44s %9.1f %9.1f %9.1f %9.1f %7.2f%n", name, ms(gateway, 0.5), ms(gateway, 0.99), ms(direct, 0.5),
                ms(direct, 0.99), ms(gateway, 0.99) / ms(direct, 0.99));
        setSlowlog(index, "0ms");
    }

    /** The gateway's requests to Elasticsearch, one after the other as search-service sends them. */
    static void replay(String index, List<String> requests) throws Exception {
        for (String request : requests) {
            send("POST", ES + "/" + index + "/_search", request, "application/json");
        }
    }

    /** Similar conversations through the gateway: a kNN over the workspace's visitor vectors, then a highlight search. */
    static void similar(List<String> conversations) throws Exception {
        Random random = new Random(5);
        for (int i = 0; i < 30; i++) {
            get(GATEWAY + "/api/v1/conversations/" + conversations.get(random.nextInt(conversations.size())) + "/similar",
                    AGENT_KEY);
        }
        long[] gateway = new long[CALLS];
        for (int i = 0; i < CALLS; i++) {
            long t = System.nanoTime();
            get(GATEWAY + "/api/v1/conversations/" + conversations.get(random.nextInt(conversations.size())) + "/similar",
                    AGENT_KEY);
            gateway[i] = System.nanoTime() - t;
        }
        Arrays.sort(gateway);
        System.out.printf("%-44s %9.1f %9.1f %9s %9s%n", "/conversations/{id}/similar", ms(gateway, 0.5), ms(gateway, 0.99),
                "-", "-");
    }

    static long count(String index, String query) throws Exception {
        return JSON.readTree(send("POST", ES + "/" + index + "/_count", query, "application/json")).get("count").asLong();
    }

    static void awaitCount(String index, String query, long expected) throws Exception {
        while (count(index, query) < expected) {
            Thread.sleep(500);
        }
    }

    static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    static void stateChange(List<String> conversations, String index) throws Exception {
        List<Long> millis = new ArrayList<>();
        long writesBefore = indexTotal(index);
        int changes = 20;
        for (int i = 0; i < changes; i++) {
            String conversation = conversations.get(i * 3); // i % 3 == 0: still open
            send("POST", GATEWAY + "/api/v1/conversations/" + conversation + "/resolve", "{}", "application/json", AGENT_KEY);
            long t = System.nanoTime();
            String url = GATEWAY + "/api/v1/conversations?status=resolved&q=" + conversation;
            while (!get(url, AGENT_KEY).contains("\"" + conversation + "\"")) {
                Thread.sleep(10);
            }
            millis.add((System.nanoTime() - t) / 1_000_000);
        }
        long writes = indexTotal(index) - writesBefore;
        millis.sort(null);
        System.out.printf("%nresolve -> found by q + status=resolved: p50 %d ms, max %d ms over %d changes; %d document writes (%.2f per change, other writers included)%n",
                millis.get(changes / 2), millis.get(changes - 1), changes, writes, (double) writes / changes);
    }

    // ---- relevance

    static void relevance(List<Dialogue> dialogues, String tag) throws Exception {
        Random random = new Random(17);
        Map<String, String[]> probes = new LinkedHashMap<>();
        for (Dialogue d : dialogues) {
            List<String> sentences = d.turns().stream().filter(t -> "visitor".equals(t.role()))
                    .map(Turn::text).filter(t -> t.split("\\s+").length >= 6).toList();
            if (!sentences.isEmpty() && probes.size() < 200) {
                String sentence = sentences.get(random.nextInt(sentences.size()));
                probes.put(hitConversation(tag, d), new String[] {sentence, typo(sentence)});
            }
        }
        String bot = "hit-" + tag;
        try (Connection db = database()) {
            try (var s = db.createStatement()) {
                s.execute("DROP TABLE IF EXISTS bench_messages");
                s.execute("CREATE TABLE bench_messages (conversation_id text, bot_id text, role text, body text,"
                        + " tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', body)) STORED)");
            }
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO bench_messages (conversation_id, bot_id, role, body) VALUES (?, ?, ?, ?)")) {
                for (Dialogue d : dialogues) {
                    for (Turn t : d.turns()) {
                        insert.setString(1, hitConversation(tag, d));
                        insert.setString(2, bot);
                        insert.setString(3, t.role());
                        insert.setString(4, t.text());
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
            try (var s = db.createStatement()) {
                s.execute("CREATE INDEX ON bench_messages USING gin (tsv)");
            }
            int[][] hits = new int[3][2];
            for (var probe : probes.entrySet()) {
                for (int variant = 0; variant < 2; variant++) {
                    String q = probe.getValue()[variant];
                    hits[0][variant] += top5Search(q, bot).contains(probe.getKey()) ? 1 : 0;
                    hits[1][variant] += top5Postgres(db, q, "plainto_tsquery('english', ?)").contains(probe.getKey()) ? 1 : 0;
                    hits[2][variant] += top5Postgres(db, q,
                            "replace(plainto_tsquery('english', ?)::text, '&', '|')::tsquery").contains(probe.getKey()) ? 1 : 0;
                }
            }
            int n = probes.size();
            System.out.printf("%nhit@5, a visitor's sentence finding its own conversation among %d dialogues (%d probes)%n",
                    dialogues.size(), n);
            System.out.printf("%-56s %10s %12s%n", "", "as written", "with a typo");
            String[] names = {"chat-inbox GET /search", "PostgreSQL plainto_tsquery (every word), ts_rank",
                    "PostgreSQL any word (|), ts_rank"};
            for (int i = 0; i < 3; i++) {
                System.out.printf("%-56s %9.1f%% %11.1f%%%n", names[i], 100.0 * hits[i][0] / n, 100.0 * hits[i][1] / n);
            }
            try (var s = db.createStatement()) {
                s.execute("DROP SCHEMA bench_search CASCADE");
            }
        }
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

    static Set<String> top5Search(String q, String bot) throws Exception {
        String answer = get(GATEWAY + "/api/v1/search?limit=50&botId=" + bot + "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8),
                AGENT_KEY);
        Set<String> top = new LinkedHashSet<>();
        for (JsonNode item : JSON.readTree(answer).path("items")) {
            if (top.size() < 5) {
                top.add(item.get("conversationId").asText());
            }
        }
        return top;
    }

    static Set<String> top5Postgres(Connection db, String q, String tsquery) throws Exception {
        String sql = "WITH query AS (SELECT " + tsquery + " AS q) SELECT conversation_id FROM bench_messages, query WHERE tsv @@ q"
                + " GROUP BY conversation_id ORDER BY max(ts_rank(tsv, q)) DESC LIMIT 5";
        Set<String> top = new LinkedHashSet<>();
        try (PreparedStatement select = db.prepareStatement(sql)) {
            select.setString(1, q);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    top.add(rows.getString(1));
                }
            }
        }
        return top;
    }

    /**
     * A scratch schema in conversation-service's database (the stack's role may not create databases), dropped at the end:
     * the PostgreSQL the suite already runs.
     */
    static Connection database() throws Exception {
        Connection db = DriverManager.getConnection(PG + env("BENCH_PG_DATABASE", "inbox_conversation"), "inbox", "inbox");
        try (var s = db.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS bench_search");
            s.execute("SET search_path TO bench_search");
        }
        return db;
    }

    // ---- gateway and processes

    static void bulk(List<String> ids, String body) throws Exception {
        for (int i = 0; i < ids.size(); i += 100) {
            String answer = send("POST", GATEWAY + "/api/v1/conversations/bulk",
                    String.format(body, JSON.writeValueAsString(ids.subList(i, Math.min(ids.size(), i + 100)))), "application/json",
                    AGENT_KEY);
            if (!answer.contains("\"results\"")) {
                throw new IllegalStateException("bulk refused: " + answer);
            }
        }
    }

    static int indexVersion() throws Exception {
        Path file = INBOX_DIR.resolve("search-index.version");
        return Files.exists(file) ? Integer.parseInt(Files.readString(file).trim()) : 1;
    }

    static long pid(String component) throws Exception {
        return Long.parseLong(Files.readString(INBOX_DIR.resolve("run").resolve(component + ".pid")).trim().split("\\s+")[0]);
    }

    static void signal(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String get(String url, String key) throws Exception {
        return send("GET", url, null, null, key);
    }

    static String send(String method, String url, String body, String type) throws Exception {
        return send(method, url, body, type, null);
    }

    static String send(String method, String url, String body, String type, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        if (key != null) {
            request.header("X-API-Key", key);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300 && !(method.equals("DELETE") && response.statusCode() == 404)) {
            throw new IllegalStateException(method + " " + url + " -> " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
