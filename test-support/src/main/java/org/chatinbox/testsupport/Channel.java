package org.chatinbox.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventJson;
import org.chatinbox.events.Topics;
import org.chatinbox.events.data.EventData;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Role;
import org.chatinbox.events.data.Sender;
import org.chatinbox.events.data.Session;
import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Writes events as their producers do (ingest, handoff-service, summary-service): structured CloudEvents on their topic, keyed
 * by conversation.
 */
public final class Channel implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class), ProducerConfig.ACKS_CONFIG,
                    "all", ProducerConfig.LINGER_MS_CONFIG, 1),
            new StringSerializer(), new ByteArraySerializer());

    public static String newConversation() {
        return "conv-" + UUID.randomUUID();
    }

    public static CloudEvent<MessageCreated> message(String workspace, String conversation, String messageId, Role role,
            String text, Instant time, Session session) {
        MessageCreated data = new MessageCreated(workspace, "support-bot", "web", conversation, messageId,
                new Sender(role, role == Role.VISITOR ? "v-17" : "support-bot", role == Role.VISITOR ? "Dana" : null), text,
                null, session, null);
        return CloudEvent.of("evt-" + UUID.randomUUID(), "/channels/web", time, data);
    }

    public static CloudEvent<MessageCreated> visitor(String conversation, String messageId, String text, Instant time) {
        return message("demo", conversation, messageId, Role.VISITOR, text, time, null);
    }

    public static CloudEvent<?> event(String id, Instant time, EventData data) {
        return CloudEvent.of(id, "/tests", time, data);
    }

    public void send(CloudEvent<?> event) {
        send(event.topic(), event.key(), encode(event));
    }

    private static byte[] encode(CloudEvent<?> event) {
        try {
            return EventJson.mapper().writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends every event at once and returns when Kafka has acknowledged them all. */
    public void sendAll(List<? extends CloudEvent<?>> events) {
        List<Future<?>> sent = new ArrayList<>(events.size());
        for (CloudEvent<?> event : events) {
            sent.add(producer.send(record(event.topic(), event.key(), encode(event))));
        }
        for (Future<?> acknowledged : sent) {
            try {
                acknowledged.get();
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public void sendRaw(String key, byte[] value) {
        send(Topics.MESSAGES, key, value);
    }

    private void send(String topic, String key, byte[] value) {
        try {
            // the header ingest sets on every record
            producer.send(record(topic, key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A record as ingest writes it, with the content-type header it sets. */
    private static ProducerRecord<String, byte[]> record(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, null, key, value,
                List.of(new RecordHeader("content-type", CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8))));
    }

    @Override
    public void close() {
        producer.close();
    }
}
