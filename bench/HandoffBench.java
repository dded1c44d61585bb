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
import java.util.Properties;
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

/**
 * handoff-service under load, against a running local stack:
 * <ol>
 * <li>take over / hand back by 50 concurrent agents, each on conversations of its own (BENCH_AGENTS, BENCH_ROUNDS), called on
 * handoff-service as the gateway calls it: commands/s and p50/p99 per command; beside it the same transaction in raw JDBC
 * (workspace lock, read, versioned update, three outbox rows) by as many threads, its ceiling on this PostgreSQL;</li>
 * <li>auto-assignment: handoff.requested events at a steady rate with agents free, timed from Kafka's acknowledgement of the
 * request to the append of its assignment.changed on inbox.handoff: p50/p99.</li>
 * </ol>
 */
public class HandoffBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String SERVICE = "http://127.0.0.1:8084";
    static final String TOKEN = System.getenv().getOrDefault("INBOX_INTERNAL_TOKEN", "local-internal-token");
    static final String KAFKA = "127.0.0.1:9092";
    static final String JDBC = "jdbc:postgresql://127.0.0.1:15432/inbox_handoff";
    static final int AGENTS = Integer.parseInt(System.getenv().getOrDefault("BENCH_AGENTS", "50"));
    static final int ROUNDS = Integer.parseInt(System.getenv().getOrDefault("BENCH_ROUNDS", "100"));
    static final int REQUESTS = Integer.parseInt(System.getenv().getOrDefault("BENCH_REQUESTS", "500"));
    static final int REQUEST_RATE = Integer.parseInt(System.getenv().getOrDefault("BENCH_REQUEST_RATE", "50"));

    public static void main(String[] args) throws Exception {
        String workspace = "bench-handoff-" + UUID.randomUUID().toString().substring(0, 8);
        System.out.printf("handoff bench: workspace %s, %d agents x %d rounds (take over + hand back)%n", workspace, AGENTS,
                ROUNDS);
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            conversations.add(workspace + "-c" + i);
        }
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (String conversation : conversations) {
                send(producer, conversation, message(workspace, conversation)).get();
            }
            awaitKnown(workspace, conversations.get(conversations.size() - 1));
            commands(workspace, conversations);
            rawBaseline();
            autoAssignment(producer, workspace);
        }
    }

    /** Each agent takes over its conversation and hands it back, ROUNDS times, all agents at once. */
    static void commands(String workspace, List<String> conversations) throws Exception {
        List<Long> takeovers = Collections.synchronizedList(new ArrayList<>());
        List<Long> handbacks = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(AGENTS);
        List<Future<?>> agents = new ArrayList<>();
        long start = System.nanoTime();
        for (int a = 0; a < AGENTS; a++) {
            String agent = "agent-" + a;
            String conversation = conversations.get(a);
            agents.add(pool.submit(() -> {
                for (int r = 0; r < ROUNDS; r++) {
                    takeovers.add(post(workspace, agent, "/api/v1/conversations/" + conversation + "/takeover", 200));
                    handbacks.add(post(workspace, agent, "/api/v1/conversations/" + conversation + "/handback", 200));
                }
                return null;
            }));
        }
        for (Future<?> agent : agents) {
            agent.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf("commands: %d in %.1f s = %.0f commands/s with %d agents%n", takeovers.size() + handbacks.size(),
                seconds, (takeovers.size() + handbacks.size()) / seconds, AGENTS);
        print("  take over", takeovers);
        print("  hand back", handbacks);
    }

    /** The same transaction as a command, in raw JDBC on a scratch table: the database's ceiling for this shape of work. */
    static void rawBaseline() throws Exception {
        Properties credentials = new Properties();
        credentials.setProperty("user", "inbox");
        credentials.setProperty("password", "inbox");
        try (Connection db = DriverManager.getConnection(JDBC, credentials); Statement ddl = db.createStatement()) {
            ddl.execute("DROP TABLE IF EXISTS bench_raw_state, bench_raw_outbox");
            ddl.execute("CREATE TABLE bench_raw_state (id int PRIMARY KEY, mode text, holder text, version bigint)");
            ddl.execute("CREATE TABLE bench_raw_outbox (id bigserial PRIMARY KEY, payload bytea)");
            ddl.execute("INSERT INTO bench_raw_state SELECT g, 'BOT', NULL, 0 FROM generate_series(0, " + (AGENTS - 1) + ") g");
        }
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        byte[] payload = new byte[600];
        ExecutorService pool = Executors.newFixedThreadPool(AGENTS);
        List<Future<?>> agents = new ArrayList<>();
        long start = System.nanoTime();
        for (int a = 0; a < AGENTS; a++) {
            int row = a;
            agents.add(pool.submit(() -> {
                try (Connection db = DriverManager.getConnection(JDBC, credentials);
                        PreparedStatement lock = db.prepareStatement("SELECT pg_advisory_xact_lock(99, 1)");
                        PreparedStatement read = db.prepareStatement("SELECT mode, version FROM bench_raw_state WHERE id = ?");
                        PreparedStatement update = db.prepareStatement(
                                "UPDATE bench_raw_state SET mode = ?, holder = ?, version = version + 1 WHERE id = ? AND version = ?");
                        PreparedStatement outbox = db.prepareStatement("INSERT INTO bench_raw_outbox (payload) VALUES (?)")) {
                    db.setAutoCommit(false);
                    for (int r = 0; r < ROUNDS * 2; r++) {
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
                        latencies.add(System.nanoTime() - t0);
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
        try (Connection db = DriverManager.getConnection(JDBC, credentials); Statement ddl = db.createStatement()) {
            ddl.execute("DROP TABLE bench_raw_state, bench_raw_outbox");
        }
        System.out.printf("raw JDBC, same transaction: %d in %.1f s = %.0f transactions/s with %d threads%n", latencies.size(),
                seconds, latencies.size() / seconds, AGENTS);
        print("  transaction", latencies);
    }

    /** Requests for a human at a steady rate, 5 agents free with room for all: time until each is assigned. */
    static void autoAssignment(KafkaProducer<String, byte[]> producer, String workspace) throws Exception {
        for (int a = 0; a < 5; a++) {
            put(workspace, "admin", "admin", "/api/v1/agents/free-" + a, "{\"name\": \"Free " + a + "\"}");
        }
        put(workspace, "admin", "admin", "/api/v1/me/availability", "{\"available\": false}");
        put(workspace, "admin", "admin", "/api/v1/settings/auto-assignment", "{\"enabled\": true, \"maxOpenPerAgent\": 1000}");
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            String conversation = workspace + "-auto-" + i;
            conversations.add(conversation);
            send(producer, conversation, message(workspace, conversation));
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
                send(producer, conversation, json.getBytes(StandardCharsets.UTF_8))
                        .get();
                requestedAt.put(conversation, System.currentTimeMillis());
            }
            long deadline = System.currentTimeMillis() + 60_000;
            while (assignedAt.keySet().containsAll(requestedAt.keySet()) == false && System.currentTimeMillis() < deadline) {
                drain(consumer, assignedAt, Duration.ofMillis(200));
            }
        }
        List<Long> latencies = new ArrayList<>();
        requestedAt.forEach((conversation, at) -> {
            Long assigned = assignedAt.get(conversation);
            if (assigned != null) {
                latencies.add(Math.max(0, assigned - at) * 1_000_000L);
            }
        });
        System.out.printf("auto-assignment: %d of %d requests assigned, at %d requests/s%n", latencies.size(),
                requestedAt.size(), REQUEST_RATE);
        print("  request acknowledged -> assignment appended", latencies);
    }

    static void drain(KafkaConsumer<String, byte[]> consumer, Map<String, Long> assignedAt, Duration wait) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(wait)) {
            String json = new String(record.value(), StandardCharsets.UTF_8);
            if (json.contains("\"inbox.assignment.changed\"") && json.contains("least-loaded")) {
                assignedAt.putIfAbsent(record.key(), record.timestamp());
            }
        }
    }

    static byte[] message(String workspace, String conversation) {
        return """
                {"specversion": "1.0", "id": "evt-%s", "source": "/bench", "type": "inbox.message.created", "time": "%s",
                 "data": {"workspaceId": "%s", "botId": "support-bot", "channel": "web", "conversationId": "%s",
                 "messageId": "m-1", "sender": {"role": "visitor", "id": "v-1"}, "text": "I need a person"}}"""
                .formatted(UUID.randomUUID(), Instant.now(), workspace, conversation).getBytes(StandardCharsets.UTF_8);
    }

    static Future<?> send(KafkaProducer<String, byte[]> producer, String conversation, byte[] value) {
        return producer.send(new ProducerRecord<>("inbox.messages", conversation, value));
    }

    static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
    }

    static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA, ConsumerConfig.GROUP_ID_CONFIG,
                "bench-handoff-" + UUID.randomUUID(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    static void awaitKnown(String workspace, String conversation) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (request("GET", workspace, "bench", "agent", "/api/v1/conversations/" + conversation + "/handoff", null)
                .statusCode() != 200) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("handoff-service never saw " + conversation);
            }
            Thread.sleep(200);
        }
    }

    static long post(String workspace, String agent, String path, int expected) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> answer = request("POST", workspace, agent, "agent", path, null);
        long elapsed = System.nanoTime() - t0;
        if (answer.statusCode() != expected) {
            throw new IllegalStateException(path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return elapsed;
    }

    static void put(String workspace, String agent, String roles, String path, String body) throws Exception {
        HttpResponse<String> answer = request("PUT", workspace, agent, roles, path, body);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    static HttpResponse<String> request(String method, String workspace, String agent, String roles, String path,
            String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SERVICE + path)).header("X-Inbox-Token", TOKEN)
                .header("X-Inbox-Workspace", workspace).header("X-Inbox-Agent", agent).header("X-Inbox-Roles", roles)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void print(String name, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.printf("%-48s none%n", name);
            return;
        }
        System.out.printf("%-48s p50 %7.1f ms   p99 %7.1f ms   max %7.1f ms%n", name, at(sorted, 0.50), at(sorted, 0.99),
                sorted.get(sorted.size() - 1) / 1e6);
    }

    static double at(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1)) / 1e6;
    }
}
