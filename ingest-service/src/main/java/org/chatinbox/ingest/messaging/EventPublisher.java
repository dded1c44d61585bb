package org.chatinbox.ingest.messaging;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.chatinbox.api.messaging.DurableProducers;
import org.chatinbox.api.messaging.EventTracing;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.ingest.config.IngestConfig;

import io.smallrye.common.annotation.Identifier;

/**
 * Writes accepted events to their topics and tells when Kafka has acknowledged every one of them. The producer is idempotent
 * with {@code acks=all}: an acknowledged record is on every in-sync replica, and a retried send never duplicates it. The record
 * key is the conversation, so one conversation's events keep their order.
 */
@ApplicationScoped
public class EventPublisher {

    private final KafkaProducer<String, byte[]> producer;
    private final EventTracing tracing;

    public EventPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, IngestConfig config,
            EventTracing tracing) {
        this.tracing = tracing;
        Map<String, Object> tuning = new HashMap<>();
        // many small requests share one Kafka request: a few milliseconds of lingering buys batching under load
        tuning.put(ProducerConfig.LINGER_MS_CONFIG, kafka.getOrDefault(ProducerConfig.LINGER_MS_CONFIG, 5));
        tuning.put(ProducerConfig.BATCH_SIZE_CONFIG, kafka.getOrDefault(ProducerConfig.BATCH_SIZE_CONFIG, 131_072));
        tuning.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, kafka.getOrDefault(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"));
        // a send may not block a request thread, nor wait for its acknowledgement, longer than the answer may take
        int timeoutMs = (int) config.kafkaTimeout().toMillis();
        int requestTimeoutMs = Math.min(timeoutMs, 30_000);
        tuning.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        tuning.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs);
        tuning.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeoutMs, requestTimeoutMs + 1_000));
        this.producer = DurableProducers.create(kafka, "ingest-service", tuning);
    }

    /**
     * Sends every event; the stage completes when Kafka has acknowledged all of them, and fails if any send fails. Events that
     * were acknowledged before a failure stay written: consumers are idempotent on the event id, so the client's retry of the
     * whole request is harmless.
     */
    public CompletableFuture<Void> publish(List<EncodedEvent> events) {
        CompletableFuture<?>[] acks = new CompletableFuture<?>[events.size()];
        List<Header> trace = tracing.headers();
        for (int i = 0; i < events.size(); i++) {
            CloudEvent<?> event = events.get(i).event();
            ProducerRecord<String, byte[]> record = DurableProducers.record(event.topic(), event.key(), events.get(i).json(),
                    trace);
            CompletableFuture<Void> ack = new CompletableFuture<>();
            try {
                producer.send(record, (metadata, failure) -> {
                    if (failure == null) {
                        ack.complete(null);
                    } else {
                        ack.completeExceptionally(failure);
                    }
                });
            } catch (RuntimeException e) {
                // metadata not available within max.block.ms, or the producer is closing
                ack.completeExceptionally(e);
            }
            acks[i] = ack;
        }
        return CompletableFuture.allOf(acks);
    }

    /** An event and the JSON that goes on Kafka for it. */
    public record EncodedEvent(CloudEvent<?> event, byte[] json) {
    }

    @PreDestroy
    void close() {
        // flushes what is in flight, so a graceful shutdown loses no accepted record
        producer.close();
    }
}
