package org.chatinbox.conversation.messaging;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.chatinbox.conversation.service.ReadModelWriter;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.service.messaging.ConsumedEvent;
import org.chatinbox.service.messaging.EventBatchConsumer;
import org.chatinbox.service.messaging.EventStore;
import org.chatinbox.service.repository.DatabaseFailures;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;

/**
 * Feeds the read model from {@code inbox.messages}, {@code inbox.handoff}, {@code inbox.summaries}, {@code inbox.delivery} and
 * this service's own {@code inbox.conversations} (read back so that a rebuilt read model has status and labels again) through
 * the suite's consumer idiom ({@link EventBatchConsumer}): one transaction per batch, offsets committed after the database, the
 * database waited for while it is away.
 */
@ApplicationScoped
public class EventsConsumer {

    private final EventBatchConsumer consumer;
    private final EventStore liveOrReplayed;
    private final EventStore live;

    public EventsConsumer(EventBatchConsumer consumer, ReadModelWriter writer, ReplayBoundary replayBoundary,
            MeterRegistry registry) {
        this.consumer = consumer;
        Counter applied = registry.counter("inbox.conversation.events.applied");
        this.liveOrReplayed = new ReadModelStore(writer, replayBoundary, applied);
        this.live = new ReadModelStore(writer, null, applied);
    }

    // batches apply concurrently: the writes are idempotent and order-independent, and the connector commits an offset
    // only once every record before it is done
    @Incoming("messages")
    @io.smallrye.reactive.messaging.annotations.Blocking(ordered = false)
    public void messages(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        consumer.consume("messages", records, liveOrReplayed);
    }

    @Incoming("handoff")
    @Blocking
    public void handoff(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        consumer.consume("handoff", records, live);
    }

    @Incoming("summaries")
    @Blocking
    public void summaries(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        consumer.consume("summaries", records, live);
    }

    /** How far each agent reply got on its channel (ingest-service), shown as the message's {@code deliveryState}. */
    @Incoming("delivery")
    @Blocking
    public void delivery(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        consumer.consume("delivery", records, live);
    }

    /** This service's own status and label changes: only a rebuilt read model has not applied them already. */
    @Incoming("conversations")
    @Blocking
    public void conversations(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        consumer.consume("conversations", records, live);
    }

    /** The read model as a store of events: one transaction per batch. */
    private record ReadModelStore(ReadModelWriter writer, ReplayBoundary replayBoundary, Counter applied)
            implements
                EventStore {

        @Override
        public List<Verdict> store(List<ConsumedEvent> batch) throws Exception {
            Set<String> replayed = new HashSet<>();
            if (replayBoundary != null) {
                for (ConsumedEvent consumed : batch) {
                    if (replayBoundary.isReplayed(consumed.record())) {
                        replayed.add(consumed.event().id());
                    }
                }
            }
            List<CloudEvent<?>> events = batch.stream().<CloudEvent<?>>map(ConsumedEvent::event).toList();
            applied.increment(writer.apply(events, replayed));
            return Verdict.allStored(batch.size());
        }

        /** The database's failures, and Kafka's admin API (the replay boundary's end offsets) being unreachable. */
        @Override
        public Failure classify(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof KafkaException) {
                    return Failure.AWAY;
                }
            }
            return DatabaseFailures.classify(failure);
        }
    }
}
