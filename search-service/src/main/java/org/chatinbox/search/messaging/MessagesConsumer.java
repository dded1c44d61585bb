package org.chatinbox.search.messaging;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.search.index.MessageIndex;
import org.chatinbox.service.messaging.ConsumedEvent;
import org.chatinbox.service.messaging.EventBatchConsumer;
import org.chatinbox.service.messaging.EventStore;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;

/**
 * Indexes every message of {@code inbox.messages} through the suite's consumer idiom ({@link EventBatchConsumer}): one bulk
 * request per polled batch, offsets committed once the batch is in the index, Elasticsearch waited for while it is away or busy
 * (only the messages it did not take are sent again).
 */
@ApplicationScoped
public class MessagesConsumer implements EventStore {

    private final EventBatchConsumer consumer;
    private final MessageIndex index;
    private final Counter indexed;

    public MessagesConsumer(EventBatchConsumer consumer, MessageIndex index, MeterRegistry registry) {
        this.consumer = consumer;
        this.index = index;
        this.indexed = registry.counter("inbox.search.messages.indexed");
    }

    @Incoming("messages")
    @Blocking
    public void messages(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        consumer.consume("messages", records, this);
    }

    /** The messages of the batch in one bulk request; the topic's other events are not indexed. */
    @Override
    public List<Verdict> store(List<ConsumedEvent> batch) throws Exception {
        List<CloudEvent<MessageCreated>> messages = new ArrayList<>(batch.size());
        for (ConsumedEvent consumed : batch) {
            if (consumed.event().data() instanceof MessageCreated) {
                @SuppressWarnings("unchecked")
                CloudEvent<MessageCreated> message = (CloudEvent<MessageCreated>) consumed.event();
                messages.add(message);
            }
        }
        Iterator<Verdict> indexedVerdicts = messages.isEmpty()
                ? List.<Verdict>of().iterator()
                : index.store(messages).iterator();
        List<Verdict> verdicts = new ArrayList<>(batch.size());
        for (ConsumedEvent consumed : batch) {
            Verdict verdict = consumed.event().data() instanceof MessageCreated ? indexedVerdicts.next() : Verdict.stored();
            verdicts.add(verdict);
            if (verdict.outcome() == Outcome.STORED && consumed.event().data() instanceof MessageCreated) {
                indexed.increment();
            }
        }
        return verdicts;
    }

    @Override
    public Failure classify(Throwable failure) {
        return MessageIndex.classify(failure);
    }
}
