package org.chatinbox.search.messaging;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.search.index.ConversationIndex;
import org.chatinbox.search.model.ConversationDocument;
import org.chatinbox.service.messaging.ConsumedEvent;
import org.chatinbox.service.messaging.EventBatchConsumer;
import org.chatinbox.service.messaging.EventStore;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;

/**
 * Keeps the conversation documents current through the suite's consumer idiom ({@link EventBatchConsumer}): the messages (and
 * the bot's requests for a human, the visitors' ratings) of {@code inbox.messages}, the status and labels of
 * {@code inbox.conversations}, the mode, holder and assignee of {@code inbox.handoff}. One multi-get and one bulk request per
 * polled batch, offsets committed once the batch is in the index, Elasticsearch waited for while it is away or busy.
 */
@ApplicationScoped
public class EventsConsumer implements EventStore {

    private final EventBatchConsumer consumer;
    private final ConversationIndex index;
    private final Counter applied;

    public EventsConsumer(EventBatchConsumer consumer, ConversationIndex index, MeterRegistry registry) {
        this.consumer = consumer;
        this.index = index;
        this.applied = registry.counter("inbox.search.events.applied");
    }

    @Incoming("messages")
    @Blocking
    public void messages(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        consumer.consume("messages", records, this);
    }

    @Incoming("conversations")
    @Blocking
    public void conversations(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        consumer.consume("conversations", records, this);
    }

    @Incoming("handoff")
    @Blocking
    public void handoff(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        consumer.consume("handoff", records, this);
    }

    /** The batch's events that make a conversation's document, folded in one round; the others are passed over. */
    @Override
    public List<Verdict> store(List<ConsumedEvent> batch) throws Exception {
        List<CloudEvent<?>> relevant = new ArrayList<>(batch.size());
        for (ConsumedEvent consumed : batch) {
            if (ConversationDocument.keyOf(consumed.event().data()) != null) {
                relevant.add(consumed.event());
            }
        }
        Iterator<Verdict> folded = relevant.isEmpty() ? List.<Verdict>of().iterator() : index.store(relevant).iterator();
        List<Verdict> verdicts = new ArrayList<>(batch.size());
        for (ConsumedEvent consumed : batch) {
            Verdict verdict = ConversationDocument.keyOf(consumed.event().data()) != null ? folded.next() : Verdict.stored();
            verdicts.add(verdict);
            if (verdict.outcome() == Outcome.STORED) {
                applied.increment();
            }
        }
        return verdicts;
    }

    @Override
    public Failure classify(Throwable failure) {
        return ConversationIndex.classify(failure);
    }
}
