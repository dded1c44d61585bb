package org.chatinbox.api.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.chatinbox.events.CloudEvent;

/**
 * The suite's Kafka producer for contract events: {@code acks=all} and idempotent, so that an acknowledged record is on every
 * in-sync replica and a retried send never duplicates it; built from the application's {@code kafka.*} configuration (TLS and
 * SASL included). Records carry the structured-mode content type.
 */
public final class DurableProducers {

    private static final Header CONTENT_TYPE = new RecordHeader("content-type",
            CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));

    private DurableProducers() {
    }

    /**
     * @param kafka
     *            the application's {@code kafka.*} configuration ({@code @Identifier("default-kafka-broker")})
     * @param tuning
     *            the caller's own settings (timeouts, batching), over the configuration
     */
    public static KafkaProducer<String, byte[]> create(Map<String, Object> kafka, String clientId,
            Map<String, Object> tuning) {
        Map<String, Object> settings = new HashMap<>(kafka);
        settings.putAll(tuning);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        settings.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        return new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
    }

    /** A contract event's record: its topic, keyed by its conversation, its JSON as the value. */
    public static ProducerRecord<String, byte[]> record(String topic, String key, byte[] json) {
        return new ProducerRecord<>(topic, null, key, json, List.of(CONTENT_TYPE));
    }

    /** The same, with the trace of the request it belongs to ({@link EventTracing#headers()}). */
    public static ProducerRecord<String, byte[]> record(String topic, String key, byte[] json, List<Header> trace) {
        if (trace.isEmpty()) {
            return record(topic, key, json);
        }
        List<Header> headers = new ArrayList<>(trace.size() + 1);
        headers.add(CONTENT_TYPE);
        headers.addAll(trace);
        return new ProducerRecord<>(topic, null, key, json, headers);
    }
}
