package org.chatinbox.ingest.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.chatinbox.ingest.service.DeliveryDispatcher;
import org.chatinbox.ingest.service.DeliveryService;
import org.chatinbox.service.messaging.ConsumedEvent;
import org.chatinbox.service.messaging.EventBatchConsumer;
import org.chatinbox.service.messaging.EventStore;
import org.chatinbox.service.repository.DatabaseFailures;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

/**
 * Takes {@code inbox.outbound} into the deliveries through the suite's consumer idiom ({@link EventBatchConsumer}): one
 * transaction per batch, offsets committed once the deliveries are stored, the database waited for while it is away (ingest
 * stays ready meanwhile: accepting events does not need it). The dispatcher is woken once they are.
 */
@ApplicationScoped
public class OutboundConsumer {

    private final EventBatchConsumer consumer;
    private final DeliveryDispatcher dispatcher;
    private final EventStore store;

    public OutboundConsumer(EventBatchConsumer consumer, DeliveryService deliveries, DeliveryDispatcher dispatcher) {
        this.consumer = consumer;
        this.dispatcher = dispatcher;
        this.store = new DeliveryStore(deliveries);
    }

    @Incoming("outbound")
    @Blocking
    public void outbound(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        consumer.consume("outbound", records, store);
        dispatcher.wake();
    }

    /** The deliveries as a store of events: one transaction per batch. */
    private record DeliveryStore(DeliveryService deliveries) implements EventStore {

        @Override
        public List<Verdict> store(List<ConsumedEvent> batch) throws Exception {
            deliveries.accept(batch);
            return Verdict.allStored(batch.size());
        }

        @Override
        public Failure classify(Throwable failure) {
            return DatabaseFailures.classify(failure);
        }
    }
}
