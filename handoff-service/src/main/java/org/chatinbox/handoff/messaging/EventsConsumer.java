package org.chatinbox.handoff.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.chatinbox.handoff.service.EventApplier;
import org.chatinbox.service.messaging.DatabaseStore;
import org.chatinbox.service.messaging.EventBatchConsumer;
import org.chatinbox.service.messaging.EventStore;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;

/**
 * Feeds the handoff state from {@code inbox.messages} (bots asking for a human, who wrote last) and {@code inbox.conversations}
 * (resolved conversations free their agent's seat) through the suite's consumer idiom ({@link EventBatchConsumer}): one
 * transaction per batch, offsets committed after the database, the database waited for while it is away.
 */
@ApplicationScoped
public class EventsConsumer {

    private final EventBatchConsumer consumer;
    private final EventStore store;

    public EventsConsumer(EventBatchConsumer consumer, EventApplier applier, MeterRegistry registry) {
        this.consumer = consumer;
        Counter applied = registry.counter("inbox.handoff.events.applied");
        this.store = new DatabaseStore(applier::apply, applied::increment);
    }

    @Incoming("messages")
    @Blocking
    public void messages(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        consumer.consume("messages", records, store);
    }

    @Incoming("conversations")
    @Blocking
    public void conversations(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        consumer.consume("conversations", records, store);
    }
}
