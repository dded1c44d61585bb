import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Events per second from Kafka into conversation-service's PostgreSQL read model, against a raw JDBC batch insert of the same
 * message rows into a copy of the message table, in the same run on the same database. Needs the local stack
 * (deploy/local/inbox up) with conversation-service caught up; started by bench/read-model.
 */
public class ReadModelBench {

    public static void main(String[] args) throws Exception {
        int events = Integer.parseInt(System.getenv().getOrDefault("BENCH_EVENTS", "200000"));
        int perConversation = 10;
        String workspace = "rm-" + Long.toString(System.currentTimeMillis(), 36);
        String jdbc = "jdbc:postgresql://127.0.0.1:15432/inbox_conversation?reWriteBatchedInserts=true";
        Instant base = Instant.parse("2026-11-22T00:00:00Z");
        System.out.printf("read-model bench: %,d events, %,d conversations, workspace %s%n", events, events / perConversation,
                workspace);

        // the service is frozen (SIGSTOP) while the events are produced, then measured draining the backlog alone: the rate of
        // the consumer, not of this producer
        long pid = pid("conversation-service");
        // "the service alone": the gateway (its live stream) and search-service, which read the same topic, are stopped for
        // the run
        long gateway = pid("gateway");
        long search = pid("search-service");
        signal(gateway, "STOP");
        signal(search, "STOP");
        signal(pid, "STOP");
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:9092", ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 131072),
                new StringSerializer(), new ByteArraySerializer())) {
            List<org.apache.kafka.common.header.Header> headers = List.of(new RecordHeader("content-type", "application/cloudevents+json".getBytes()));
            for (int i = 0; i < events; i++) {
                String conversation = "c-" + (i / perConversation);
                producer.send(new ProducerRecord<String, byte[]>("inbox.messages", null, conversation,
                        event(workspace, conversation, i, base.plusMillis(i)).getBytes(), headers));
            }
        }
        double produced = (System.nanoTime() - start) / 1e9;
        long stored;
        start = System.nanoTime();
        signal(pid, "CONT");
        try (Connection db = DriverManager.getConnection(jdbc, "inbox", "inbox")) {
            do {
                Thread.sleep(100);
                stored = count(db, "SELECT count(*) FROM message WHERE workspace_id = '" + workspace + "'");
            } while (stored < events);
        }
        double serviceSeconds = (System.nanoTime() - start) / 1e9;
        signal(gateway, "CONT");
        signal(search, "CONT");
        double serviceRate = events / serviceSeconds;
        System.out.printf("  produced in %.1f s while the service was stopped; stored by it in %.1f s once resumed: %,.0f events/s%n",
                produced, serviceSeconds, serviceRate);

        double rawRate;
        try (Connection db = DriverManager.getConnection(jdbc, "inbox", "inbox")) {
            try (Statement ddl = db.createStatement()) {
                ddl.execute("DROP TABLE IF EXISTS bench_raw_message");
                ddl.execute("CREATE TABLE bench_raw_message (LIKE message INCLUDING ALL)");
            }
            db.setAutoCommit(false);
            long rawStart = System.nanoTime();
            try (PreparedStatement insert = db.prepareStatement("""
                    INSERT INTO bench_raw_message (workspace_id, conversation_id, id, event_id, role, sender_id, sender_name,
                        text, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (int i = 0; i < events; i++) {
                    insert.setString(1, workspace);
                    insert.setString(2, "c-" + (i / perConversation));
                    insert.setString(3, "m-" + i);
                    insert.setString(4, UUID.randomUUID().toString());
                    insert.setString(5, i % 2 == 0 ? "visitor" : "bot");
                    insert.setString(6, "v-1");
                    insert.setString(7, "Dana");
                    insert.setString(8, TEXT);
                    insert.setTimestamp(9, Timestamp.from(base.plusMillis(i)));
                    insert.addBatch();
                    if (i % 1000 == 999) {
                        insert.executeBatch();
                        db.commit();
                    }
                }
                insert.executeBatch();
                db.commit();
            }
            rawRate = events / ((System.nanoTime() - rawStart) / 1e9);
            try (Statement ddl = db.createStatement()) {
                ddl.execute("DROP TABLE bench_raw_message");
            }
            db.commit();
        }
        System.out.printf("  raw JDBC batch insert (1,000 rows a batch, same indexes): %,.0f rows/s%n", rawRate);
        System.out.printf("conversation-service at %.0f%% of the raw insert (target: >= 40%%)%n", 100 * serviceRate / rawRate);
    }

    static final String TEXT = "I would like to change the delivery address of my last order, it is going to the old flat";

    static String event(String workspace, String conversation, int i, Instant time) {
        return """
                {"specversion":"1.0","id":"%s","source":"/bench","type":"inbox.message.created","time":"%s",\
                "data":{"workspaceId":"%s","botId":"support-bot","channel":"web","conversationId":"%s","messageId":"m-%d",\
                "sender":{"role":"%s","id":"v-1","name":"Dana"},"text":"%s"}}"""
                .formatted(UUID.randomUUID(), time, workspace, conversation, i, i % 2 == 0 ? "visitor" : "bot", TEXT);
    }

    static long pid(String component) throws Exception {
        String dir = System.getenv().getOrDefault("INBOX_DIR", ".inbox");
        return Long.parseLong(java.nio.file.Files.readString(java.nio.file.Path.of(dir, "run", component + ".pid")).trim()
                .split("\\s+")[0]);
    }

    static void signal(long pid, String signal) throws Exception {
        if (new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("cannot send SIG" + signal + " to " + pid);
        }
    }

    static long count(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
