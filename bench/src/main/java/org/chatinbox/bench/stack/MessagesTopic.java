package org.chatinbox.bench.stack;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.chatinbox.bench.data.Dialogues;
import org.chatinbox.bench.data.Dialogues.Conversation;

/**
 * {@code inbox.messages} of the local stack, written to straight (as ingest would, without its HTTP in front) to load a backlog
 * or a volume of data, and its read models' progress read from their consumer groups' committed offsets (the consumers commit
 * only what they stored).
 */
public final class MessagesTopic implements AutoCloseable {

    public static final String TOPIC = "inbox.messages";
    static final String KAFKA = "127.0.0.1:9092";
    /** Each read model of the messages and its consumer group in the local profile. */
    public static final Map<String, String> GROUPS = groups();

    private final Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA));

    private static Map<String, String> groups() {
        Map<String, String> groups = new java.util.LinkedHashMap<>();
        groups.put("conversation-service", "conversation-service");
        groups.put("search-service", "search-service-v1");
        groups.put("handoff-service", "handoff-service");
        groups.put("summary-service", "summary-service");
        return groups;
    }

    /**
     * Writes {@code events} messages of the next conversations as structured CloudEvents keyed by conversation, each also given
     * to {@code written}.
     */
    public static void produce(Dialogues dialogues, long events, Consumer<String> written) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            long sent = 0;
            while (sent < events) {
                Conversation conversation = dialogues.next();
                for (int turn = 0; turn < conversation.turns().size() && sent < events; turn++, sent++) {
                    send(producer, conversation, turn, written);
                }
            }
        }
    }

    /** Writes every message of the given conversations. */
    public static void produce(List<Conversation> conversations, Consumer<String> written) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (Conversation conversation : conversations) {
                for (int turn = 0; turn < conversation.turns().size(); turn++) {
                    send(producer, conversation, turn, written);
                }
            }
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 131072),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, Conversation conversation, int turn,
            Consumer<String> written) {
        List<Header> headers = List
                .of(new RecordHeader("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8)));
        String json = Dialogues.event(conversation, turn, Instant.now(), "");
        producer.send(new ProducerRecord<>(TOPIC, null, conversation.id(), json.getBytes(StandardCharsets.UTF_8), headers));
        written.accept(json);
    }

    /** The topic's end offsets now. */
    public Map<TopicPartition, Long> endOffsets() throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions()
                .stream().map(p -> new TopicPartition(TOPIC, p.partition())).toList();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((p, info) -> end.put(p, info.offset()));
        return end;
    }

    /** How many records before {@code end} the group has not committed yet. */
    public long lag(String group, Map<TopicPartition, Long> end) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get();
        long lag = 0;
        for (var e : end.entrySet()) {
            OffsetAndMetadata at = committed.get(e.getKey());
            lag += Math.max(0, e.getValue() - (at == null ? 0 : at.offset()));
        }
        return lag;
    }

    /** Waits until every read model has stored everything before {@code end}; returns the records still missing after all. */
    public long awaitStored(Map<TopicPartition, Long> end, java.time.Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        long left;
        do {
            left = 0;
            for (String group : GROUPS.values()) {
                left += lag(group, end);
            }
            if (left > 0) {
                Thread.sleep(500);
            }
        } while (left > 0 && System.nanoTime() < deadline);
        return left;
    }

    @Override
    public void close() {
        admin.close();
    }
}
