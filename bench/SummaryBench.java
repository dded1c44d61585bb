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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * summary-service against a running local stack, on real dialogues (bench/data):
 * <ol>
 * <li>a burst: BENCH_DIALOGUES STAR dialogues written to inbox.messages at once (as ingest writes them), each bot turn STAR
 * labels as failed sent with bot.fallback; timed until inbox.summaries holds each conversation's final summary: summaries per
 * second, regenerations per conversation, and the outcome against the dialogue's own labels (a confusion table);</li>
 * <li>freshness: BENCH_PROBES conversations receiving one more message, one every 100 ms: from the broker's time of the
 * message to that of its summary.updated, p50/p99 (the configured quiet pause, 2 s, is most of it);</li>
 * <li>grouping: CLINC150's 4,500 in-scope queries sent as failed questions of one bot: timed until the knowledge gaps of
 * that bot (through the gateway) count them all; the number of groups, and their purity (the share of queries in their
 * group's dominant intent, read from summary-service's database).</li>
 * </ol>
 */
public class SummaryBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String GATEWAY = "http://127.0.0.1:8080";
    static final String KAFKA = "127.0.0.1:9092";
    static final String JDBC = "jdbc:postgresql://127.0.0.1:15432/inbox_summary";
    static final int DIALOGUES = Integer.parseInt(System.getenv().getOrDefault("BENCH_DIALOGUES", "1000"));
    static final int PROBES = Integer.parseInt(System.getenv().getOrDefault("BENCH_PROBES", "200"));
    static final Pattern FAILED = Pattern
            .compile("out_of_scope|fail|unavailable|nothing_found|cannot_authenticate|not_available|no_venue");

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KAFKA, ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(),
                new StringSerializer());
                KafkaConsumer<String, byte[]> summaries = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KAFKA, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                        new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = summaries.partitionsFor("inbox.summaries").stream()
                    .map(p -> new TopicPartition("inbox.summaries", p.partition())).toList();
            summaries.assign(partitions);
            summaries.seekToEnd(partitions);
            partitions.forEach(summaries::position);
            // "the service alone": while the burst is written every consumer of inbox.messages is stopped; then only
            // summary-service resumes, so that its drain is timed without the producer or the other services in it
            List<Long> others = new ArrayList<>();
            for (String service : List.of("conversation-service", "search-service", "handoff-service", "gateway")) {
                others.add(pid(service));
            }
            long summaryService = pid("summary-service");
            try {
                for (long pid : others) {
                    signal(pid, "STOP");
                }
                signal(summaryService, "STOP");
                burst(data, "bench-star-" + run, producer, summaries, summaryService);
            } finally {
                signal(summaryService, "CONT");
                for (long pid : others) {
                    signal(pid, "CONT");
                }
            }
            freshness("bench-star-" + run, producer, summaries);
            grouping(data, "bench-clinc-" + run, producer);
        }
    }

    // --- 1. burst

    record Dialogue(String conversation, int turns, String expected) {
    }

    static final Map<String, JsonNode> finalSummary = new ConcurrentHashMap<>();
    static final Map<String, Integer> published = new ConcurrentHashMap<>();
    static final Map<String, Long> summaryTime = new ConcurrentHashMap<>();

    static void burst(Path data, String bot, KafkaProducer<String, String> producer,
            KafkaConsumer<String, byte[]> summaries, long summaryService) throws Exception {
        List<String> lines = Files.readAllLines(data.resolve("star-dialogues-1000.jsonl"));
        Map<String, Dialogue> dialogues = new HashMap<>();
        List<Future<?>> sent = new ArrayList<>();
        Instant base = Instant.now().minusSeconds(3600);
        long started = System.nanoTime();
        for (int i = 0; i < DIALOGUES; i++) {
            JsonNode dialogue = JSON.readTree(lines.get(i % lines.size()));
            String conversation = "conv-" + bot + "-" + i;
            JsonNode turns = dialogue.get("turns");
            String lastBotLabel = "";
            for (int t = 0; t < turns.size(); t++) {
                JsonNode turn = turns.get(t);
                boolean visitor = "user".equals(turn.get("speaker").asText());
                boolean failed = !visitor && FAILED.matcher(turn.path("label").asText()).find();
                if (!visitor) {
                    lastBotLabel = turn.path("label").asText();
                }
                sent.add(producer.send(new ProducerRecord<>("inbox.messages", conversation, message(bot, conversation, "m" + t,
                        visitor ? "visitor" : "bot", turn.get("text").asText(), base.plusSeconds(t), failed))));
            }
            // the dialogue's own verdict: the bot's last turn a failure label, or the visitor gone before the end
            boolean completed = "Complete".equals(dialogue.at("/meta/completion").asText());
            String expected = FAILED.matcher(lastBotLabel).find() || !completed ? "unanswered" : "answered";
            dialogues.put(conversation, new Dialogue(conversation, turns.size(), expected));
        }
        for (Future<?> ack : sent) {
            ack.get();
        }
        double sendSeconds = (System.nanoTime() - started) / 1e9;
        started = System.nanoTime();
        signal(summaryService, "CONT");
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline && dialogues.values().stream().anyMatch(d -> !done(d))) {
            poll(summaries);
        }
        long finished = dialogues.keySet().stream().map(summaryTime::get).filter(t -> t != null).mapToLong(Long::longValue)
                .max().orElse(System.nanoTime());
        long complete = dialogues.values().stream().filter(SummaryBench::done).count();
        double seconds = (finished - started) / 1e9;
        int messages = dialogues.values().stream().mapToInt(Dialogue::turns).sum();
        System.out.printf("burst: %d dialogues (%d messages) written in %.1f s while summary-service was stopped; once "
                + "resumed (alone) it consumed them and summarised %d in %.1f s, the 2 s quiet pause included: %.0f summaries/s, "
                + "%.0f messages/s%n", DIALOGUES, messages, sendSeconds, complete, seconds, complete / seconds,
                messages / seconds);
        System.out.printf("regenerations: %.2f summaries published per conversation%n",
                dialogues.keySet().stream().mapToInt(c -> published.getOrDefault(c, 0)).average().orElse(0));
        Map<String, Map<String, Integer>> confusion = new TreeMap<>();
        for (Dialogue d : dialogues.values()) {
            JsonNode summary = finalSummary.get(d.conversation());
            String got = summary == null ? "(none)" : summary.at("/data/outcome").asText();
            confusion.computeIfAbsent(d.expected(), e -> new TreeMap<>()).merge(got, 1, Integer::sum);
        }
        System.out.println("outcome against STAR's labels (rows: the dialogue's verdict, columns: summary-service's outcome)");
        confusion.forEach((expected, row) -> System.out.printf("  %-10s %s%n", expected, row));
        long agree = dialogues.values().stream().filter(d -> finalSummary.get(d.conversation()) != null && d.expected()
                .equals(finalSummary.get(d.conversation()).at("/data/outcome").asText())).count();
        System.out.printf("  agreement %.1f%%%n", 100.0 * agree / DIALOGUES);
        expectedTurns.putAll(dialogues);
    }

    static final Map<String, Dialogue> expectedTurns = new ConcurrentHashMap<>();

    static boolean done(Dialogue d) {
        JsonNode summary = finalSummary.get(d.conversation());
        return summary != null && summary.at("/data/messageCount").asInt() >= d.turns();
    }

    static void poll(KafkaConsumer<String, byte[]> summaries) throws Exception {
        for (ConsumerRecord<String, byte[]> record : summaries.poll(Duration.ofMillis(200))) {
            JsonNode event = JSON.readTree(record.value());
            String conversation = event.at("/data/conversationId").asText();
            published.merge(conversation, 1, Integer::sum);
            JsonNode before = finalSummary.get(conversation);
            if (before == null || event.at("/data/messageCount").asInt() >= before.at("/data/messageCount").asInt()) {
                finalSummary.put(conversation, event);
                summaryTime.put(conversation, System.nanoTime());
                summaryBrokerTime.put(conversation, record.timestamp());
            }
        }
    }

    static final Map<String, Long> summaryBrokerTime = new ConcurrentHashMap<>();

    static long pid(String component) throws Exception {
        String dir = System.getenv().getOrDefault("INBOX_DIR", ".inbox");
        return Long.parseLong(Files.readString(Path.of(dir, "run", component + ".pid")).trim().split("\\s+")[0]);
    }

    static void signal(long pid, String signal) throws Exception {
        if (new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("cannot send SIG" + signal + " to " + pid);
        }
    }

    // --- 2. freshness

    static void freshness(String bot, KafkaProducer<String, String> producer, KafkaConsumer<String, byte[]> summaries)
            throws Exception {
        Map<String, Long> sentAt = new HashMap<>();
        Map<String, Integer> count = new HashMap<>();
        List<String> conversations = new ArrayList<>(expectedTurns.keySet()).subList(0, Math.min(PROBES,
                expectedTurns.size()));
        for (String conversation : conversations) {
            int turns = expectedTurns.get(conversation).turns();
            var ack = producer.send(new ProducerRecord<>("inbox.messages", conversation, message(bot, conversation,
                    "probe", "visitor", "One more thing: can I get this confirmed by email?", Instant.now(), false))).get();
            sentAt.put(conversation, ack.timestamp());
            count.put(conversation, turns + 1);
            poll(summaries);
            Thread.sleep(100); // a steady pace, not a burst
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline && conversations.stream().anyMatch(c -> finalSummary.get(c) == null
                || finalSummary.get(c).at("/data/messageCount").asInt() < count.get(c))) {
            poll(summaries);
        }
        List<Long> latencies = new ArrayList<>();
        for (String conversation : conversations) {
            if (finalSummary.get(conversation).at("/data/messageCount").asInt() >= count.get(conversation)) {
                latencies.add(summaryBrokerTime.get(conversation) - sentAt.get(conversation));
            }
        }
        latencies.sort(null);
        System.out.printf("freshness, last message -> summary.updated (%d conversations, one new message every 100 ms): "
                + "p50 %d ms, p99 %d ms, max %d ms (quiet pause 2 s)%n", latencies.size(), percentile(latencies, 50),
                percentile(latencies, 99), latencies.get(latencies.size() - 1));
    }

    static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    // --- 3. grouping

    static void grouping(Path data, String bot, KafkaProducer<String, String> producer) throws Exception {
        List<String> lines = Files.readAllLines(data.resolve("clinc150-in-scope-test.jsonl"));
        Map<String, String> intentOf = new HashMap<>();
        List<Future<?>> sent = new ArrayList<>();
        Instant at = Instant.now().minusSeconds(60);
        long started = System.nanoTime();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode query = JSON.readTree(lines.get(i));
            String conversation = "conv-" + bot + "-" + i;
            intentOf.put(conversation, query.get("label").asText());
            sent.add(producer.send(new ProducerRecord<>("inbox.messages", conversation,
                    message(bot, conversation, "q", "visitor", query.get("text").asText(), at, false))));
            sent.add(producer.send(new ProducerRecord<>("inbox.messages", conversation,
                    message(bot, conversation, "a", "bot", "Sorry, I did not get that.", at.plusSeconds(1), true))));
        }
        for (Future<?> ack : sent) {
            ack.get();
        }
        int total = 0;
        int groups = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            int[] page = gaps(bot);
            total = page[0];
            groups = page[1];
            if (total >= lines.size()) {
                break;
            }
            Thread.sleep(500);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<Long, Map<String, Integer>> byGroup = new HashMap<>();
        try (Connection db = DriverManager.getConnection(JDBC, "inbox", "inbox");
                PreparedStatement select = db.prepareStatement(
                        "SELECT group_id, conversation_id FROM question WHERE workspace_id = 'demo' AND kind = 'gap' AND bot_id = ?")) {
            select.setString(1, bot);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    byGroup.computeIfAbsent(rows.getLong(1), g -> new HashMap<>()).merge(intentOf.get(rows.getString(2)), 1,
                            Integer::sum);
                }
            }
        }
        int dominant = byGroup.values().stream().mapToInt(m -> m.values().stream().mapToInt(Integer::intValue).max()
                .orElse(0)).sum();
        long singletons = byGroup.values().stream().filter(m -> m.values().stream().mapToInt(Integer::intValue).sum() == 1)
                .count();
        System.out.printf("grouping: %d failed questions of 150 intents grouped in %.1f s (%.0f questions/s, write to "
                + "counted through the gateway): %d groups (%d of one question), purity %.3f%n", total, seconds,
                total / seconds, groups, singletons, dominant / (double) Math.max(1, total));
        long[] latency = new long[20];
        for (int i = 0; i < latency.length; i++) {
            long t0 = System.nanoTime();
            get("/api/v1/insights/knowledge-gaps?botId=" + bot + "&limit=20");
            latency[i] = (System.nanoTime() - t0) / 1_000;
        }
        java.util.Arrays.sort(latency);
        System.out.printf("GET /insights/knowledge-gaps (20 groups of %d) through the gateway: p50 %.1f ms, max %.1f ms%n",
                groups, latency[10] / 1000.0, latency[19] / 1000.0);
    }

    /** {total questions, groups} of the bot's knowledge gaps, every page. */
    static int[] gaps(String bot) throws Exception {
        int total = 0;
        int groups = 0;
        String cursor = null;
        do {
            JsonNode page = JSON.readTree(get("/api/v1/insights/knowledge-gaps?limit=100&botId=" + bot
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8))));
            for (JsonNode group : page.get("items")) {
                total += group.get("count").asInt();
                groups++;
            }
            cursor = page.path("nextCursor").isTextual() ? page.get("nextCursor").asText() : null;
        } while (cursor != null);
        return new int[] {total, groups};
    }

    static String get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(GATEWAY + path))
                .header("X-API-Key", "demo-admin-key").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static String message(String bot, String conversation, String messageId, String role, String text, Instant at,
            boolean fallback) throws Exception {
        ObjectNode event = JSON.createObjectNode().put("specversion", "1.0").put("id", "evt-" + UUID.randomUUID())
                .put("source", "/bench").put("type", "inbox.message.created").put("time", at.toString());
        ObjectNode data = event.putObject("data").put("workspaceId", "demo").put("botId", bot).put("channel", "web")
                .put("conversationId", conversation).put("messageId", messageId).put("text", text);
        data.putObject("sender").put("role", role).put("id", "visitor".equals(role) ? "v-" + conversation : bot);
        if ("bot".equals(role)) {
            data.putObject("bot").put("fallback", fallback);
        }
        return JSON.writeValueAsString(event);
    }
}
