package org.chatinbox.bench.stage;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.chatinbox.bench.report.Figure;
import org.chatinbox.bench.report.Percentiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * summary-service on real dialogues: a burst of STAR dialogues written while every consumer of the messages is stopped (each
 * bot turn STAR labels as failed sent with {@code bot.fallback}), then summary-service alone timed until
 * {@code inbox.summaries} holds each conversation's final summary — summaries per second, regenerations per conversation, and
 * the outcome against the dialogue's own labels; then CLINC150's in-scope queries as failed questions of one bot, timed until
 * the knowledge gaps (through the gateway) count them all — groups, and their purity (the share of questions in their group's
 * dominant intent).
 */
public final class SummaryStage implements Stage {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String KAFKA = "127.0.0.1:9092";
    static final String JDBC = "jdbc:postgresql://127.0.0.1:15432/inbox_summary";
    static final String WORKSPACE = "bench";
    static final Pattern FAILED = Pattern
            .compile("out_of_scope|fail|unavailable|nothing_found|cannot_authenticate|not_available|no_venue");
    static final List<String> OTHERS = List.of("conversation-service", "search-service", "handoff-service", "gateway",
            "ingest-service");

    record Dialogue(String conversation, int turns, String expected) {
    }

    private final HttpClient http = Settings.http();
    private final Map<String, JsonNode> finalSummary = new HashMap<>();
    private final Map<String, Integer> published = new HashMap<>();
    private final Map<String, Long> summaryTime = new HashMap<>();
    private String gateway;

    @Override
    public String name() {
        return "summary";
    }

    @Override
    public Result run(Settings settings) throws Exception {
        gateway = settings.gateway();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Result result = Result.empty();
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
            settings.processes().pause(OTHERS);
            settings.processes().pause(List.of("summary-service"));
            try {
                burst(settings, result, "bench-star-" + run, settings.full() ? 1000 : 300, producer, summaries);
            } finally {
                settings.processes().resume(List.of("summary-service"));
                settings.processes().resume(OTHERS);
            }
            grouping(settings, result, "bench-clinc-" + run, settings.full() ? Integer.MAX_VALUE : 1500, producer);
        }
        return result;
    }

    private void burst(Settings settings, Result result, String bot, int count, KafkaProducer<String, String> producer,
            KafkaConsumer<String, byte[]> summaries) throws Exception {
        List<String> lines = Files.readAllLines(settings.root().resolve("bench/data/star-dialogues-1000.jsonl"));
        Map<String, Dialogue> dialogues = new HashMap<>();
        List<Future<?>> sent = new ArrayList<>();
        Instant base = Instant.now().minusSeconds(3600);
        for (int i = 0; i < count; i++) {
            JsonNode dialogue = JSON.readTree(lines.get(i % lines.size()));
            String conversation = bot + "-" + i;
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
        long started = System.nanoTime();
        settings.processes().resume(List.of("summary-service"));
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline && dialogues.values().stream().anyMatch(d -> !done(d))) {
            poll(summaries);
        }
        long finished = dialogues.keySet().stream().map(summaryTime::get).filter(t -> t != null).mapToLong(Long::longValue)
                .max().orElse(System.nanoTime());
        long complete = dialogues.values().stream().filter(this::done).count();
        double seconds = (finished - started) / 1e9;
        int messages = dialogues.values().stream().mapToInt(Dialogue::turns).sum();
        result.figures().add(Figure.of(name(), "summarised after a burst (2 s quiet pause included)", complete / seconds,
                "summaries/s", true));
        result.figures().add(Figure.of(name(), "messages of the burst consumed", messages / seconds, "events/s", true));
        result.figures().add(Figure.of(name(), "summaries published per conversation", dialogues.keySet().stream()
                .mapToInt(c -> published.getOrDefault(c, 0)).average().orElse(0), "", false));
        Map<String, Map<String, Integer>> confusion = new TreeMap<>();
        long agree = 0;
        for (Dialogue d : dialogues.values()) {
            JsonNode summary = finalSummary.get(d.conversation());
            String got = summary == null ? "(none)" : summary.at("/data/outcome").asText();
            confusion.computeIfAbsent(d.expected(), e -> new TreeMap<>()).merge(got, 1, Integer::sum);
            agree += d.expected().equals(got) ? 1 : 0;
        }
        result.figures().add(Figure.of(name(), "outcome agreeing with STAR's own labels", 100.0 * agree / count, "%", true));
        StringBuilder table = new StringBuilder(String.format("A burst of %d STAR dialogues (%,d messages) written while every "
                + "consumer was stopped; summary-service then drained it alone and summarised %d. Outcome against STAR's "
                + "labels (rows: the dialogue's verdict; columns: summary-service's outcome):%n%n| | ", count, messages,
                complete));
        List<String> columns = confusion.values().stream().flatMap(r -> r.keySet().stream()).distinct().sorted().toList();
        table.append(String.join(" | ", columns)).append(" |\n|---|").append("---:|".repeat(columns.size())).append('\n');
        confusion.forEach((expected, row) -> {
            table.append("| ").append(expected).append(" | ");
            columns.forEach(c -> table.append(row.getOrDefault(c, 0)).append(" | "));
            table.append('\n');
        });
        result.notes().add(table.toString());
    }

    private boolean done(Dialogue d) {
        JsonNode summary = finalSummary.get(d.conversation());
        return summary != null && summary.at("/data/messageCount").asInt() >= d.turns();
    }

    private void poll(KafkaConsumer<String, byte[]> summaries) throws Exception {
        for (ConsumerRecord<String, byte[]> record : summaries.poll(Duration.ofMillis(200))) {
            JsonNode event = JSON.readTree(record.value());
            String conversation = event.at("/data/conversationId").asText();
            published.merge(conversation, 1, Integer::sum);
            JsonNode before = finalSummary.get(conversation);
            if (before == null || event.at("/data/messageCount").asInt() >= before.at("/data/messageCount").asInt()) {
                finalSummary.put(conversation, event);
                summaryTime.put(conversation, System.nanoTime());
            }
        }
    }

    private void grouping(Settings settings, Result result, String bot, int atMost, KafkaProducer<String, String> producer)
            throws Exception {
        List<String> lines = Files.readAllLines(settings.root().resolve("bench/data/clinc150-in-scope-test.jsonl"));
        lines = lines.subList(0, Math.min(atMost, lines.size()));
        Map<String, String> intentOf = new HashMap<>();
        List<Future<?>> sent = new ArrayList<>();
        Instant at = Instant.now().minusSeconds(60);
        long started = System.nanoTime();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode query = JSON.readTree(lines.get(i));
            String conversation = bot + "-" + i;
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
                        "SELECT group_id, conversation_id FROM question WHERE workspace_id = ? AND kind = 'gap' AND bot_id = ?")) {
            select.setString(1, WORKSPACE);
            select.setString(2, bot);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    byGroup.computeIfAbsent(rows.getLong(1), g -> new HashMap<>()).merge(intentOf.get(rows.getString(2)), 1,
                            Integer::sum);
                }
            }
        }
        int dominant = byGroup.values().stream().mapToInt(m -> m.values().stream().mapToInt(Integer::intValue).max().orElse(0))
                .sum();
        List<Double> latency = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long t0 = System.nanoTime();
            get("/api/v1/insights/knowledge-gaps?botId=" + bot + "&limit=20");
            latency.add((System.nanoTime() - t0) / 1e6);
        }
        result.figures().add(Figure.of(name(), "failed questions grouped, written to counted", total / seconds, "questions/s",
                true));
        result.figures()
                .add(Figure.of(name(), "knowledge-gap groups' purity", 100.0 * dominant / Math.max(1, total), "%", true));
        result.figures().add(Figure.of(name(), "GET /insights/knowledge-gaps p50", Percentiles.of(latency).p50(), "ms", false));
        result.notes().add(String.format("%,d CLINC150 in-scope queries of 150 intents, each a failed question of one bot: "
                + "%,d grouped in %.0f s into %,d groups.", lines.size(), total, seconds, groups));
    }

    /** {total questions, groups} of the bot's knowledge gaps, every page. */
    private int[] gaps(String bot) throws Exception {
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
        return new int[]{total, groups};
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway + path))
                .header("X-API-Key", "bench-agent-key").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String message(String bot, String conversation, String messageId, String role, String text, Instant at,
            boolean fallback) throws Exception {
        ObjectNode event = JSON.createObjectNode().put("specversion", "1.0").put("id", "evt-" + UUID.randomUUID())
                .put("source", "/bench").put("type", "inbox.message.created").put("time", at.toString());
        ObjectNode data = event.putObject("data").put("workspaceId", WORKSPACE).put("botId", bot).put("channel", "web")
                .put("conversationId", conversation).put("messageId", messageId).put("text", text);
        data.putObject("sender").put("role", role).put("id", "visitor".equals(role) ? "v-" + conversation : bot);
        if ("bot".equals(role)) {
            data.putObject("bot").put("fallback", fallback);
        }
        return JSON.writeValueAsString(event);
    }
}
