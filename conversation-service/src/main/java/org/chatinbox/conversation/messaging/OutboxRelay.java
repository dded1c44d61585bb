package org.chatinbox.conversation.messaging;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.chatinbox.events.CloudEvent;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;

/**
 * Moves outbox rows to Kafka, oldest first, and deletes them once Kafka acknowledged every one ({@code acks=all}, idempotent
 * producer). Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so several replicas relay side by side; a failed send rolls
 * the claim back and the next run tries again. Runs right after each change and every second as a sweep.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;
    private static final RecordHeader CONTENT_TYPE = new RecordHeader("content-type",
            CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));

    private final DataSource dataSource;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicBoolean running = new AtomicBoolean();

    public OutboxRelay(DataSource dataSource, @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.dataSource = dataSource;
        Map<String, Object> settings = new HashMap<>(kafka);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "conversation-service-outbox");
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        settings.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        settings.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        this.producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        relay();
    }

    /** Relays until the outbox is empty; a concurrent call returns at once (the running one will see the new rows). */
    public void relay() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            while (relayBatch() == BATCH) {
                // a full batch: there may be more
            }
        } catch (Exception e) {
            LOG.warnf("outbox relay paused until the next sweep: %s", e.toString());
        } finally {
            running.set(false);
        }
    }

    private int relayBatch() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Long> ids = new ArrayList<>();
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                try (PreparedStatement claim = connection.prepareStatement(
                        "SELECT id, topic, record_key, payload FROM outbox ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
                    claim.setInt(1, BATCH);
                    try (ResultSet rows = claim.executeQuery()) {
                        while (rows.next()) {
                            ids.add(rows.getLong(1));
                            acks.add(producer.send(new ProducerRecord<>(rows.getString(2), null, rows.getString(3),
                                    rows.getBytes(4), List.of(CONTENT_TYPE))));
                        }
                    }
                }
                for (Future<RecordMetadata> ack : acks) {
                    ack.get(30, TimeUnit.SECONDS);
                }
                if (!ids.isEmpty()) {
                    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox WHERE id = ANY (?)")) {
                        delete.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
                        delete.executeUpdate();
                    }
                }
                connection.commit();
                return ids.size();
            } catch (Exception e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    @PreDestroy
    void close() {
        producer.close();
    }

}
