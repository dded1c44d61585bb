package org.chatinbox.service.outbox;

/** An event waiting in the outbox: the Kafka record it becomes, and the row's id, to delete once Kafka has it. */
public record OutboxRecord(long id, String topic, String key, byte[] payload) {
}
