package org.chatinbox.service.messaging;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.chatinbox.api.messaging.EventTracing;
import org.chatinbox.events.EventCodec;
import org.chatinbox.events.InvalidEventException;
import org.chatinbox.events.RecordDecoder;
import org.chatinbox.service.config.ConsumerConfig;
import org.chatinbox.service.messaging.EventStore.Failure;
import org.chatinbox.service.messaging.EventStore.Verdict;
import org.jboss.logging.Logger;

/**
 * The one way a consumer of the suite takes a polled batch: decode it and dead-letter each record that is not a contract event,
 * with its reason; store the rest as one unit; return (so that the connector commits the offsets) only once every event is
 * stored or dead-lettered.
 * <p>
 * A store that is away is waited for as long as it takes, with a growing pause, and readiness says so meanwhile: the method
 * does not return, so the connector stops fetching and nothing is acknowledged. Only an event the store refuses for what it
 * holds goes to the dead-letter topic; the others of its batch are stored one by one. A failure the store cannot classify is
 * waited for too, logged as an error: an event is never skipped because its failure was not foreseen. A loop here rather than
 * the connector's retry or a fault-tolerance {@code @Retry}: those repeat the whole batch a bounded number of times, while a
 * bulk store may take part of a batch and is retried for the rest, forever.
 */
@ApplicationScoped
public class EventBatchConsumer {

    private static final Logger LOG = Logger.getLogger(EventBatchConsumer.class);

    private final EventCodec codec;
    private final DeadLetters deadLetters;
    private final StoreOutages outages;
    private final ConsumerConfig config;
    private final EventTracing tracing;

    public EventBatchConsumer(EventCodec codec, DeadLetters deadLetters, StoreOutages outages, ConsumerConfig config,
            EventTracing tracing) {
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.outages = outages;
        this.config = config;
        this.tracing = tracing;
    }

    /**
     * Stores the contract events of {@code records} in {@code store}; returns once each is stored or dead-lettered.
     *
     * @param channel
     *            the channel's name, as readiness reports it
     */
    public void consume(String channel, ConsumerRecords<String, byte[]> records, EventStore store)
            throws InterruptedException {
        long taken = EventTracing.now();
        List<ConsumedEvent> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                batch.add(new ConsumedEvent(record, RecordDecoder.decode(codec, record)));
            } catch (InvalidEventException e) {
                deadLetters.send(record, "not a contract event: " + e.getMessage(), e);
            }
        }
        if (!batch.isEmpty()) {
            storeAll(channel, batch, store);
            for (ConsumedEvent event : batch) {
                tracing.stored(event.record(), taken);
            }
        }
    }

    private void storeAll(String channel, List<ConsumedEvent> batch, EventStore store) throws InterruptedException {
        long pauseMs = config.initialBackoff().toMillis();
        List<ConsumedEvent> pending = batch;
        while (!pending.isEmpty()) {
            List<Verdict> verdicts;
            try {
                verdicts = store.store(pending);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                Failure failure = store.classify(e);
                if (failure == Failure.REFUSED) {
                    refused(channel, pending, store, e);
                    return;
                }
                // away, or failing in a way the store cannot tell: waited for all the same (not knowing what failed is no
                // reason to skip an event), the unknown loudly
                outages.away(channel, e);
                if (failure == Failure.AWAY) {
                    LOG.warnf("%s: store away (%s); %d event(s) wait, next try in %d ms", channel, reason(e), pending.size(),
                            pauseMs);
                } else {
                    LOG.errorf(e, "%s: the store failed unexpectedly; %d event(s) wait, next try in %d ms", channel,
                            pending.size(), pauseMs);
                }
                pauseMs = pause(pauseMs);
                continue;
            }
            List<ConsumedEvent> again = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                Verdict verdict = verdicts.get(i);
                switch (verdict.outcome()) {
                    case STORED -> {
                    }
                    case REFUSED -> deadLetters.send(pending.get(i).record(), "refused by the store: " + verdict.reason(),
                            null);
                    case AWAY -> again.add(pending.get(i));
                }
            }
            if (again.isEmpty()) {
                outages.back(channel);
            } else {
                outages.away(channel, null);
                LOG.warnf("%s: %d event(s) not stored yet; next try in %d ms", channel, again.size(), pauseMs);
                pauseMs = pause(pauseMs);
            }
            pending = again;
        }
    }

    /** A unit refused for its content: alone, the event goes to the dead-letter topic; in a batch, each is stored alone. */
    private void refused(String channel, List<ConsumedEvent> pending, EventStore store, Exception failure)
            throws InterruptedException {
        if (pending.size() == 1) {
            deadLetters.send(pending.get(0).record(), "refused by the store: " + reason(failure), failure);
            outages.back(channel);
            return;
        }
        LOG.warnf("%s: batch of %d refused (%s); storing one by one", channel, pending.size(), reason(failure));
        for (ConsumedEvent event : pending) {
            storeAll(channel, List.of(event), store);
        }
    }

    /** The innermost message: what the store said, not what the layers around it wrapped it in. */
    static String reason(Throwable failure) {
        String reason = failure.getMessage();
        for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                reason = t.getMessage();
            }
        }
        return reason;
    }

    private long pause(long pauseMs) throws InterruptedException {
        Thread.sleep(pauseMs);
        return Math.min(pauseMs * 2, config.maxBackoff().toMillis());
    }
}
