package org.chatinbox.bench.stage;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.chatinbox.bench.report.Figure;
import org.chatinbox.bench.report.Percentiles;

/**
 * handoff-service under load: 50 agents at once, each taking over its own conversation and handing it back, called on the
 * service as the gateway calls it — commands per second beside the same transaction (workspace lock, read, versioned update,
 * three outbox rows) in raw JDBC by as many threads, the ceiling of this PostgreSQL for that shape of work; then requests for a
 * human at a steady rate with agents free, from Kafka's acknowledgement of the request to the append of its automatic
 * assignment on {@code inbox.handoff}.
 */
public final class HandoffStage implements Stage {

    static final String SERVICE = "http://127.0.0.1:8084";
    static final String TOKEN = System.getenv().getOrDefault("INBOX_INTERNAL_TOKEN", "local-internal-token");
    static final String KAFKA = "127.0.0.1:9092";
    static final String JDBC = "jdbc:postgresql://127.0.0.1:15432/inbox_handoff";
    static final int AGENTS = 50;
    static final int REQUEST_RATE = 50;

    private final HttpClient http = Settings.http();

    @Override
    public String name() {
        return "handoff";
    }

    @Override
    public Result run(Settings settings) throws Exception {
        int rounds = settings.full() ? 100 : 20;
        int requests = settings.full() ? 500 : 100;
        String workspace = "bench-handoff-" + UUID.randomUUID().toString().substring(0, 8);
        Result result = Result.empty();
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            conversations.add(workspace + "-c" + i);
        }
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (String conversation : conversations) {
                producer.send(new ProducerRecord<>("inbox.messages", conversation, message(workspace, conversation))).get();
            }
            awaitKnown(workspace, conversations.get(conversations.size() - 1));
            List<Double> takeovers = Collections.synchronizedList(new ArrayList<>());
            List<Double> handbacks = Collections.synchronizedList(new ArrayList<>());
            double commands = commands(workspace, conversations, rounds, takeovers, handbacks);
            List<Double> transactions = Collections.synchronizedList(new ArrayList<>());
            double raw = rawTransactions(rounds, transactions);
            result.figures().add(Figure.of(name(), "take over + hand back, 50 agents at once", commands, "commands/s", true)
                    .against("raw JDBC, the same transaction by 50 threads", raw));
            Percentiles t = Percentiles.of(takeovers);
            Percentiles h = Percentiles.of(handbacks);
            Percentiles r = Percentiles.of(transactions);
            result.figures()
                    .add(Figure.of(name(), "take over p50", t.p50(), "ms", false).against("raw transaction p50", r.p50()));
            result.figures()
                    .add(Figure.of(name(), "take over p99", t.p99(), "ms", false).against("raw transaction p99", r.p99()));
            result.figures()
                    .add(Figure.of(name(), "hand back p99", h.p99(), "ms", false).against("raw transaction p99", r.p99()));
            Percentiles assigned = autoAssignment(producer, workspace, requests);
            result.figures().add(Figure.of(name(), "request for a human → assigned p50", assigned.p50(), "ms", false));
            result.figures().add(Figure.of(name(), "request for a human → assigned p99", assigned.p99(), "ms", false));
            result.notes().add(String.format("%d agents, each taking over its own conversation and handing it back %d times, "
                    + "on handoff-service as the gateway calls it (workspace %s). Auto-assignment: %d of %d requests for a "
                    + "human assigned, sent at %d/s with 5 agents free.", AGENTS, rounds, workspace, assigned.count(), requests,
                    REQUEST_RATE));
        }
        return result;
    }

    /** Each agent takes over its conversation and hands it back, all agents at once; returns commands per second. */
    private double commands(String workspace, List<String> conversations, int rounds, List<Double> takeovers,
            List<Double> handbacks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(AGENTS);
        List<Future<?>> agents = new ArrayList<>();
        long start = System.nanoTime();
        for (int a = 0; a < AGENTS; a++) {
            String agent = "agent-" + a;
            String conversation = conversations.get(a);
            agents.add(pool.submit(() -> {
                for (int r = 0; r < rounds; r++) {
                    takeovers.add(post(workspace, agent, "/api/v1/conversations/" + conversation + "/takeover"));
                    handbacks.add(post(workspace, agent, "/api/v1/conversations/" + conversation + "/handback"));
                }
                return null;
            }));
        }
        for (Future<?> agent : agents) {
            agent.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return (takeovers.size() + handbacks.size()) / seconds;
    }

    /** The same transaction as a command, in raw JDBC on scratch tables; returns transactions per second. */
    private static double rawTransactions(int rounds, List<Double> latencies) throws Exception {
        try (Connection db = DriverManager.getConnection(JDBC, "inbox", "inbox"); Statement ddl = db.createStatement()) {
            ddl.execute("DROP TABLE IF EXISTS bench_raw_state, bench_raw_outbox");
            ddl.execute("CREATE TABLE bench_raw_state (id int PRIMARY KEY, mode text, holder text, version bigint)");
            ddl.execute("CREATE TABLE bench_raw_outbox (id bigserial PRIMARY KEY, payload bytea)");
            ddl.execute("INSERT INTO bench_raw_state SELECT g, 'BOT', NULL, 0 FROM generate_series(0, " + (AGENTS - 1) + ") g");
        }
        byte[] payload = new byte[600];
        ExecutorService pool = Executors.newFixedThreadPool(AGENTS);
        List<Future<?>> agents = new ArrayList<>();
        long start = System.nanoTime();
        for (int a = 0; a < AGENTS; a++) {
            int row = a;
            agents.add(pool.submit(() -> {
                try (Connection db = DriverManager.getConnection(JDBC, "inbox", "inbox");
                        PreparedStatement lock = db.prepareStatement("SELECT pg_advisory_xact_lock(99, 1)");
                        PreparedStatement read = db.prepareStatement("SELECT mode, version FROM bench_raw_state WHERE id = ?");
                        PreparedStatement update = db.prepareStatement(
                                "UPDATE bench_raw_state SET mode = ?, holder = ?, version = version + 1 WHERE id = ? AND version = ?");
                        PreparedStatement outbox = db.prepareStatement("INSERT INTO bench_raw_outbox (payload) VALUES (?)")) {
                    db.setAutoCommit(false);
                    for (int r = 0; r < rounds * 2; r++) {
                        long t0 = System.nanoTime();
                        lock.execute();
                        read.setInt(1, row);
                        long version;
                        String mode;
                        try (ResultSet rs = read.executeQuery()) {
                            rs.next();
                            mode = rs.getString(1);
                            version = rs.getLong(2);
                        }
                        update.setString(1, mode.equals("BOT") ? "HUMAN" : "BOT");
                        update.setString(2, mode.equals("BOT") ? "agent" : null);
                        update.setInt(3, row);
                        update.setLong(4, version);
                        update.executeUpdate();
                        for (int e = 0; e < 3; e++) {
                            outbox.setBytes(1, payload);
                            outbox.addBatch();
                        }
                        outbox.executeBatch();
                        db.commit();
                        latencies.add((System.nanoTime() - t0) / 1e6);
                    }
                }
                return null;
            }));
        }
        for (Future<?> agent : agents) {
            agent.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        try (Connection db = DriverManager.getConnection(JDBC, "inbox", "inbox"); Statement ddl = db.createStatement()) {
            ddl.execute("DROP TABLE bench_raw_state, bench_raw_outbox");
        }
        return latencies.size() / seconds;
    }

    /** Requests for a human at a steady rate, 5 agents free with room for all: ms until each is assigned. */
    private Percentiles autoAssignment(KafkaProducer<String, byte[]> producer, String workspace, int requests)
            throws Exception {
        for (int a = 0; a < 5; a++) {
            put(workspace, "/api/v1/agents/free-" + a, "{\"name\": \"Free " + a + "\"}");
        }
        put(workspace, "/api/v1/me/availability", "{\"available\": false}");
        put(workspace, "/api/v1/settings/auto-assignment", "{\"enabled\": true, \"maxOpenPerAgent\": 1000}");
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String conversation = workspace + "-auto-" + i;
            conversations.add(conversation);
            producer.send(new ProducerRecord<>("inbox.messages", conversation, message(workspace, conversation)));
        }
        producer.flush();
        awaitKnown(workspace, conversations.get(conversations.size() - 1));

        Map<String, Long> requestedAt = new ConcurrentHashMap<>();
        Map<String, Long> assignedAt = new ConcurrentHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of("inbox.handoff"));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            consumer.seekToEnd(consumer.assignment());
            consumer.assignment().forEach(consumer::position);
            long pause = 1_000_000_000L / REQUEST_RATE;
            long next = System.nanoTime();
            for (String conversation : conversations) {
                while (System.nanoTime() < next) {
                    drain(consumer, assignedAt, Duration.ZERO);
                }
                next += pause;
                String json = """
                        {"specversion": "1.0", "id": "evt-%s", "source": "/bench", "type": "inbox.handoff.requested",
                         "time": "%s", "data": {"workspaceId": "%s", "conversationId": "%s"}}""".formatted(UUID.randomUUID(),
                        Instant.now(), workspace, conversation);
                producer.send(new ProducerRecord<>("inbox.messages", conversation, json.getBytes(StandardCharsets.UTF_8)))
                        .get();
                requestedAt.put(conversation, System.currentTimeMillis());
            }
            long deadline = System.currentTimeMillis() + 60_000;
            while (!assignedAt.keySet().containsAll(requestedAt.keySet()) && System.currentTimeMillis() < deadline) {
                drain(consumer, assignedAt, Duration.ofMillis(200));
            }
        }
        List<Double> latencies = new ArrayList<>();
        requestedAt.forEach((conversation, at) -> {
            Long assigned = assignedAt.get(conversation);
            if (assigned != null) {
                latencies.add((double) Math.max(0, assigned - at));
            }
        });
        return Percentiles.of(latencies);
    }

    private static void drain(KafkaConsumer<String, byte[]> consumer, Map<String, Long> assignedAt, Duration wait) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(wait)) {
            String json = new String(record.value(), StandardCharsets.UTF_8);
            if (json.contains("\"inbox.assignment.changed\"") && json.contains("least-loaded")) {
                assignedAt.putIfAbsent(record.key(), record.timestamp());
            }
        }
    }

    private static byte[] message(String workspace, String conversation) {
        return """
                {"specversion": "1.0", "id": "evt-%s", "source": "/bench", "type": "inbox.message.created", "time": "%s",
                 "data": {"workspaceId": "%s", "botId": "support-bot", "channel": "web", "conversationId": "%s",
                 "messageId": "m-1", "sender": {"role": "visitor", "id": "v-1"}, "text": "I need a person"}}"""
                .formatted(UUID.randomUUID(), Instant.now(), workspace, conversation).getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA, ConsumerConfig.GROUP_ID_CONFIG,
                "bench-handoff-" + UUID.randomUUID(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private void awaitKnown(String workspace, String conversation) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (request("GET", workspace, "bench", "agent", "/api/v1/conversations/" + conversation + "/handoff", null)
                .statusCode() != 200) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("handoff-service never saw " + conversation);
            }
            Thread.sleep(200);
        }
    }

    private double post(String workspace, String agent, String path) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> answer = request("POST", workspace, agent, "agent", path, null);
        double elapsed = (System.nanoTime() - t0) / 1e6;
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return elapsed;
    }

    private void put(String workspace, String path, String body) throws Exception {
        HttpResponse<String> answer = request("PUT", workspace, "admin", "admin", path, body);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    private HttpResponse<String> request(String method, String workspace, String agent, String roles, String path,
            String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SERVICE + path)).header("X-Inbox-Token", TOKEN)
                .header("X-Inbox-Workspace", workspace).header("X-Inbox-Agent", agent).header("X-Inbox-Roles", roles)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
