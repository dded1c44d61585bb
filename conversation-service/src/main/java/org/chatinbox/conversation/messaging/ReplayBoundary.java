package org.chatinbox.conversation.messaging;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.chatinbox.conversation.repository.ReplayBoundaryRepository;
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

    private final ReplayBoundaryRepository boundaries;
    private final Map<String, Object> adminConfig;
    private volatile Map<Integer, Long> ends;

    /**
     * @param kafkaConfig
     *            the {@code kafka.*} configuration the consumers use (TLS and SASL included), of which the admin client takes
     *            what applies to it
     */
    public ReplayBoundary(ReplayBoundaryRepository boundaries,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.boundaries = boundaries;
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
            known = boundaries.load(Topics.MESSAGES);
            if (known.isEmpty()) {
                Map<Integer, Long> latest = new HashMap<>(latestOffsets());
                latest.put(MARKER_PARTITION, 0L);
                boundaries.storeFirst(Topics.MESSAGES, latest);
                known = boundaries.load(Topics.MESSAGES);
            }
            ends = known;
        }
        return record.offset() < known.getOrDefault(record.partition(), 0L);
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
