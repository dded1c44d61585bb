package org.chatinbox.events;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** A Kafka record as a contract event, in structured mode or in binary mode ({@code ce_*} headers). */
public final class RecordDecoder {

    private static final String BINARY_PREFIX = "ce_";

    private RecordDecoder() {
    }

    /** Whether the record is in binary mode: its attributes are {@code ce_*} headers, its value is the data alone. */
    public static boolean isBinary(ConsumerRecord<?, byte[]> record) {
        return record.headers().lastHeader(BINARY_PREFIX + "id") != null;
    }

    public static CloudEvent<?> decode(EventCodec codec, ConsumerRecord<?, byte[]> record) throws InvalidEventException {
        if (record.value() == null) {
            throw new InvalidEventException(java.util.List.of(new FieldError("", "empty record")));
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
