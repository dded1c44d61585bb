package org.chatinbox.bench.stage;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;
import org.chatinbox.bench.report.Figure;
import org.chatinbox.bench.stack.MessagesTopic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Events per second from Kafka into each read model, every consumer alone: all of them are stopped while a backlog of real
 * messages is written to {@code inbox.messages}, then each is resumed by itself and timed until its consumer group has
 * committed the whole backlog (the consumers commit only what they stored). conversation-service stands beside a raw JDBC batch
 * insert of the same message rows into a copy of its message table, in the same database, on the idle stack.
 */
public final class PipelineStage implements Stage {

    /** Everything that reads the topic: ingest's webhook consumers and the gateway's stream too. */
    static final List<String> ALL = List.of("conversation-service", "search-service", "handoff-service", "summary-service",
            "gateway", "ingest-service");
    static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "pipeline";
    }

    @Override
    public Result run(Settings settings) throws Exception {
        int events = settings.full() ? 200_000 : 30_000;
        Result result = Result.empty();
        List<String> rows = new ArrayList<>();
        settings.processes().pause(ALL);
        try (MessagesTopic topic = new MessagesTopic()) {
            MessagesTopic.produce(settings.dialogues(), events, rows::add);
            Map<TopicPartition, Long> end = topic.endOffsets();
            for (Map.Entry<String, String> consumer : MessagesTopic.GROUPS.entrySet()) {
                long backlog = topic.lag(consumer.getValue(), end);
                long start = System.nanoTime();
                settings.processes().resume(List.of(consumer.getKey()));
                long deadline = start + TimeUnit.MINUTES.toNanos(settings.full() ? 20 : 3);
                while (topic.lag(consumer.getValue(), end) > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long left = topic.lag(consumer.getValue(), end);
                settings.processes().pause(List.of(consumer.getKey()));
                double rate = (backlog - left) / seconds;
                result.figures().add(Figure.of(name(), consumer.getKey() + " stored", rate, "events/s", true));
                if (left > 0) {
                    result.notes().add(consumer.getKey() + " had " + left + " of " + backlog + " events left after "
                            + Math.round(seconds) + " s.");
                }
            }
        } finally {
            settings.processes().resume(ALL);
        }
        double raw = rawInsert(rows);
        baseline(result, "conversation-service", "raw JDBC batch insert of the rows (1,000 a batch, same indexes)", raw);
        double bulk = rawBulk(settings, settings.dialogues().prefix());
        baseline(result, "search-service", "raw _bulk of the same documents (500 a request, same mapping)", bulk);
        result.notes().add(0, String.format("A backlog of %,d real messages written to %s while every consumer was stopped; "
                + "each consumer then drained it alone, timed by its group's committed offsets.", events, MessagesTopic.TOPIC));
        return result;
    }

    private void baseline(Result result, String service, String baseline, double value) {
        for (int i = 0; i < result.figures().size(); i++) {
            if (result.figures().get(i).name().startsWith(service + " ")) {
                result.figures().set(i, result.figures().get(i).against(baseline, value));
            }
        }
    }

    /** The same message rows inserted by plain JDBC batches into a copy of conversation-service's message table. */
    private static double rawInsert(List<String> events) throws Exception {
        String jdbc = "jdbc:postgresql://127.0.0.1:15432/inbox_conversation?reWriteBatchedInserts=true";
        try (Connection db = DriverManager.getConnection(jdbc, "inbox", "inbox")) {
            try (Statement ddl = db.createStatement()) {
                ddl.execute("DROP TABLE IF EXISTS bench_raw_message");
                ddl.execute("CREATE TABLE bench_raw_message (LIKE message INCLUDING ALL)");
            }
            db.setAutoCommit(false);
            List<JsonNode> parsed = new ArrayList<>(events.size());
            for (String event : events) {
                parsed.add(JSON.readTree(event));
            }
            long start = System.nanoTime();
            try (PreparedStatement insert = db.prepareStatement("""
                    INSERT INTO bench_raw_message (workspace_id, conversation_id, id, event_id, role, sender_id, sender_name,
                        text, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (int i = 0; i < events.size(); i++) {
                    JsonNode event = parsed.get(i);
                    JsonNode data = event.get("data");
                    insert.setString(1, data.get("workspaceId").asText());
                    insert.setString(2, data.get("conversationId").asText());
                    insert.setString(3, data.get("messageId").asText());
                    insert.setString(4, event.get("id").asText());
                    insert.setString(5, data.path("sender").path("role").asText());
                    insert.setString(6, data.path("sender").path("id").asText());
                    insert.setString(7, null);
                    insert.setString(8, data.get("text").asText());
                    insert.setTimestamp(9, Timestamp.from(Instant.parse(event.get("time").asText())));
                    insert.addBatch();
                    if (i % 1000 == 999) {
                        insert.executeBatch();
                        db.commit();
                    }
                }
                insert.executeBatch();
                db.commit();
            }
            double rate = events.size() / ((System.nanoTime() - start) / 1e9);
            try (Statement ddl = db.createStatement()) {
                ddl.execute("DROP TABLE bench_raw_message");
            }
            db.commit();
            return rate;
        }
    }

    /**
     * The run's conversation documents read back from search-service's index (without the visitor's vector, as the consumer
     * writes them) and bulked into a scratch index of the same mapping; returns messages indexed per second.
     */
    private static double rawBulk(Settings settings, String prefix) throws Exception {
        HttpClient http = Settings.http();
        String es = "http://127.0.0.1:9200";
        String scratch = "bench-raw-conversations";
        send(http, "DELETE", es + "/" + scratch, null);
        send(http, "PUT", es + "/" + scratch,
                Files.readString(settings.root().resolve("search-service/src/main/resources/search/conversations-index.json")));
        String query = "{\"size\":500,\"sort\":[\"_doc\"],\"_source\":{\"excludes\":[\"visitorVector\"]},"
                + "\"query\":{\"prefix\":{\"conversationId\":\"" + prefix + "\"}}}";
        JsonNode page = JSON.readTree(send(http, "POST", es + "/inbox-search/_search?scroll=2m", query));
        long messages = 0;
        long nanos = 0;
        while (page.at("/hits/hits").size() > 0) {
            StringBuilder body = new StringBuilder();
            for (JsonNode hit : page.at("/hits/hits")) {
                body.append("{\"index\":{\"_id\":").append(JSON.writeValueAsString(hit.get("_id").asText())).append("}}\n")
                        .append(JSON.writeValueAsString(hit.get("_source"))).append('\n');
                messages += hit.at("/_source/messages").size();
            }
            long t = System.nanoTime();
            String answer = send(http, "POST", es + "/" + scratch + "/_bulk", body.toString());
            nanos += System.nanoTime() - t;
            if (answer.contains("\"errors\":true")) {
                throw new IllegalStateException("raw bulk refused: " + answer.substring(0, Math.min(500, answer.length())));
            }
            page = JSON.readTree(send(http, "POST", es + "/_search/scroll",
                    "{\"scroll\":\"2m\",\"scroll_id\":\"" + page.get("_scroll_id").asText() + "\"}"));
        }
        long t = System.nanoTime();
        send(http, "POST", es + "/" + scratch + "/_refresh", null);
        nanos += System.nanoTime() - t;
        send(http, "DELETE", es + "/" + scratch, null);
        return nanos == 0 ? Double.NaN : messages / (nanos / 1e9);
    }

    private static String send(HttpClient http, String method, String url, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type",
                url.endsWith("_bulk") ? "application/x-ndjson" : "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
