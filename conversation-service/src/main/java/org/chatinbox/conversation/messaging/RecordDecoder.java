package org.chatinbox.conversation.messaging;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventCodec;
import org.chatinbox.events.InvalidEventException;

/** A Kafka record as a contract event, in structured mode or in binary mode ({@code ce_*} headers). */
final class RecordDecoder {

    private static final String BINARY_PREFIX = "ce_";

    private RecordDecoder() {
    }

    static CloudEvent<?> decode(EventCodec codec, ConsumerRecord<String, byte[]> record) throws InvalidEventException {
        if (record.value() == null) {
            throw new InvalidEventException(java.util.List.of(new org.chatinbox.events.FieldError("", "empty record")));
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (header.key().startsWith(BINARY_PREFIX) && header.value() != null) {
                attributes.put(header.key().substring(BINARY_PREFIX.length()),
                        new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return attributes.containsKey("id") ? codec.decodeBinary(attributes, record.value()) : codec.decode(record.value());
    }
}
