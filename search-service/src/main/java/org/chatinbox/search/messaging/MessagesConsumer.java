package org.chatinbox.search.messaging;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventCodec;
import org.chatinbox.events.InvalidEventException;
import org.chatinbox.events.RecordDecoder;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.search.config.SearchConfig;
import org.chatinbox.search.index.MessageIndex;
import org.chatinbox.search.index.MessageIndex.Outcome;
import org.chatinbox.service.messaging.DeadLetters;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;

/**
 * Indexes every message of {@code inbox.messages}, one bulk request per polled batch; offsets are committed once the batch is
 * in the index. While Elasticsearch is away or busy the batch is retried with a growing pause (the connector stops fetching
 * meanwhile), so nothing is skipped: the index catches up when Elasticsearch is back. A record that is not a contract event, or
 * a document Elasticsearch refuses on its own, is dead-lettered and the rest of the batch goes on.
 */
@ApplicationScoped
public class MessagesConsumer {

    private static final Logger LOG = Logger.getLogger(MessagesConsumer.class);

    private final MessageIndex index;
    private final EventCodec codec;
    private final DeadLetters deadLetters;
    private final Duration maxBackoff;
    private final Counter indexed;

    public MessagesConsumer(MessageIndex index, EventCodec codec, DeadLetters deadLetters, SearchConfig config,
            MeterRegistry registry) {
        this.index = index;
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.maxBackoff = config.index().maxBackoff();
        this.indexed = registry.counter("inbox.search.messages.indexed");
    }

    @Incoming("messages")
    @Blocking
    public void messages(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        List<CloudEvent<MessageCreated>> messages = new ArrayList<>(records.count());
        List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                CloudEvent<?> event = RecordDecoder.decode(codec, record);
                if (event.data() instanceof MessageCreated) {
                    @SuppressWarnings("unchecked")
                    CloudEvent<MessageCreated> message = (CloudEvent<MessageCreated>) event;
                    messages.add(message);
                    sources.add(record);
                }
            } catch (InvalidEventException e) {
                deadLetters.send(record, "not a contract event: " + e.getMessage(), e);
            }
        }
        long backoffMs = 100;
        while (!messages.isEmpty()) {
            List<Outcome> outcomes = store(messages);
            List<CloudEvent<MessageCreated>> again = new ArrayList<>();
            List<ConsumerRecord<String, byte[]>> againSources = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                Outcome outcome = outcomes == null ? Outcome.RETRY : outcomes.get(i);
                switch (outcome) {
                    case STORED -> indexed.increment();
                    case REFUSED -> deadLetters.send(sources.get(i), "refused by Elasticsearch", null);
                    case RETRY -> {
                        again.add(messages.get(i));
                        againSources.add(sources.get(i));
                    }
                }
            }
            messages = again;
            sources = againSources;
            if (!messages.isEmpty()) {
                LOG.warnf("%d message(s) not indexed yet; retrying in %d ms", messages.size(), backoffMs);
                Thread.sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, maxBackoff.toMillis());
            }
        }
    }

    /** The outcome of each message, or null when Elasticsearch could not be reached or answered for the whole request. */
    private List<Outcome> store(List<CloudEvent<MessageCreated>> messages) {
        try {
            return index.store(messages);
        } catch (IOException | RuntimeException e) {
            if (e instanceof RuntimeException refused && !MessageIndex.isTransient(refused)) {
                throw refused; // refused as a whole: the channel's dead-letter strategy keeps the batch
            }
            LOG.warnf("Elasticsearch unavailable: %s", e.getMessage());
            return null;
        }
    }
}
