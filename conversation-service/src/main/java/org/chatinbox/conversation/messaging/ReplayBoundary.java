package org.chatinbox.conversation.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.chatinbox.events.Topics;

import io.smallrye.common.annotation.Identifier;

/**
 * Where replayed history ends on {@code inbox.messages}: the end offsets seen when this read model, empty, first consumed. A
 * message below them is history being rebuilt, whose effects on status (a visitor reopening a conversation) are replayed from
 * {@code inbox.conversations} instead of being derived again. Captured once and stored with the read model; a read model that
 * existed before has a marker row and no history to replay.
 */
@ApplicationScoped
public class ReplayBoundary {

    private static final int MARKER_PARTITION = -1;

    private final DataSource dataSource;
    private final Map<String, Object> adminConfig;
    private volatile Map<Integer, Long> ends;

    /**
     * @param kafkaConfig
     *            the {@code kafka.*} configuration the consumers use (TLS and SASL included), of which the admin client takes
     *            what applies to it
     */
    public ReplayBoundary(DataSource dataSource, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.dataSource = dataSource;
        this.adminConfig = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                adminConfig.put(key, value);
            }
        });
    }

    /** Whether the {@code inbox.messages} record is history that this read model replays. */
    public boolean isReplayed(ConsumerRecord<?, ?> record) throws SQLException {
        Map<Integer, Long> known = ends;
        if (known == null) {
            known = load();
            if (known.isEmpty()) {
                capture(latestOffsets());
                known = load();
            }
            ends = known;
        }
        return record.offset() < known.getOrDefault(record.partition(), 0L);
    }

    private Map<Integer, Long> load() throws SQLException {
        Map<Integer, Long> stored = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection
                        .prepareStatement("SELECT partition, end_offset FROM replay_boundary WHERE topic = ?")) {
            select.setString(1, Topics.MESSAGES);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    stored.put(rows.getInt(1), rows.getLong(2));
                }
            }
        }
        return stored;
    }

    /** Stores the boundary unless another replica stored its own first: then that one holds for all. */
    private void capture(Map<Integer, Long> latest) throws SQLException {
        Map<Integer, Long> rows = new HashMap<>(latest);
        rows.put(MARKER_PARTITION, 0L);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO replay_boundary (topic, partition, end_offset)
                        SELECT ?, p, o FROM unnest(?::integer[], ?::bigint[]) AS u(p, o)
                        WHERE NOT EXISTS (SELECT 1 FROM replay_boundary WHERE topic = ?)
                        ON CONFLICT DO NOTHING""")) {
            List<Integer> partitions = List.copyOf(rows.keySet());
            insert.setString(1, Topics.MESSAGES);
            insert.setArray(2, connection.createArrayOf("integer", partitions.toArray()));
            insert.setArray(3, connection.createArrayOf("bigint", partitions.stream().map(rows::get).toArray()));
            insert.setString(4, Topics.MESSAGES);
            insert.executeUpdate();
        }
    }

    /** The end offsets of the topic now; a {@link KafkaException} while Kafka's admin API cannot be reached. */
    private Map<Integer, Long> latestOffsets() {
        try (Admin admin = Admin.create(adminConfig)) {
            var description = admin.describeTopics(List.of(Topics.MESSAGES)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(Topics.MESSAGES);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            description.partitions().forEach(p -> request.put(new TopicPartition(Topics.MESSAGES, p.partition()),
                    OffsetSpec.latest()));
            Map<Integer, Long> latest = new HashMap<>();
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> latest.put(partition.partition(), info.offset()));
            return latest;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("cannot read the end offsets of " + Topics.MESSAGES, e);
        }
    }
}
