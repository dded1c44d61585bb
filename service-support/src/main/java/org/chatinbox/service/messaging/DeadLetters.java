package org.chatinbox.service.messaging;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Records that cannot be applied go to {@code <topic>.dlq} with the reason, their origin and the service in headers, and the
 * consumer goes on. The send is awaited: the record's offset is committed only once its dead letter is on Kafka.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<byte[]> emitter;
    private final String service;

    public DeadLetters(@Channel("dead-letters") MutinyEmitter<byte[]> emitter,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.emitter = emitter;
        this.service = service;
    }

    public void send(ConsumerRecord<String, byte[]> record, String reason, Throwable cause) {
        LOG.warnf("dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        // every service reading a topic gives up on its own: the header says which one did
        headers.add("dead-letter-service", bytes(service));
        headers.add("dead-letter-reason", bytes(reason));
        if (cause != null) {
            headers.add("dead-letter-cause", bytes(cause.getClass().getName()));
        }
        headers.add("dead-letter-topic", bytes(record.topic()));
        headers.add("dead-letter-partition", bytes(Integer.toString(record.partition())));
        headers.add("dead-letter-offset", bytes(Long.toString(record.offset())));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(record.topic() + ".dlq").withKey(record.key()).withHeaders(headers).build();
        emitter.sendMessageAndAwait(Message.of(record.value() == null ? new byte[0] : record.value()).addMetadata(metadata));
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
