package org.chatinbox.service.messaging;

import java.util.List;
import java.util.function.IntConsumer;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.service.repository.DatabaseFailures;

/**
 * A service's database as a store of events: the whole batch applied in one transaction by the service's applier, its failures
 * classified as the database's ({@link DatabaseFailures}), the number of events that were new handed to {@code applied} (a
 * metric).
 */
public record DatabaseStore(Applier applier, IntConsumer applied) implements EventStore {

    /** Applies a batch in one transaction; returns how many of its events were new. */
    @FunctionalInterface
    public interface Applier {
        int apply(List<CloudEvent<?>> events) throws Exception;
    }

    @Override
    public List<Verdict> store(List<ConsumedEvent> batch) throws Exception {
        applied.accept(applier.apply(batch.stream().<CloudEvent<?>>map(ConsumedEvent::event).toList()));
        return Verdict.allStored(batch.size());
    }

    @Override
    public Failure classify(Throwable failure) {
        return DatabaseFailures.classify(failure);
    }
}
