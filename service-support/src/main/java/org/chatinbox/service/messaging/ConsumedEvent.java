package org.chatinbox.service.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.chatinbox.events.CloudEvent;

/** A contract event as it was read from Kafka, with the record it came in (for its offset and, if need be, its dead letter). */
public record ConsumedEvent(ConsumerRecord<String, byte[]> record, CloudEvent<?> event) {
}
