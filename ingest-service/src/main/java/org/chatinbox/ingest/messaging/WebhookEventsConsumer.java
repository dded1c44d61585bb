package org.chatinbox.ingest.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.chatinbox.ingest.service.DeliveryDispatcher;
import org.chatinbox.ingest.service.WebhookService;
import org.chatinbox.service.messaging.ConsumedEvent;
import org.chatinbox.service.messaging.EventBatchConsumer;
import org.chatinbox.service.messaging.EventStore;
import org.chatinbox.service.repository.DatabaseFailures;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

/**
 * Reads every topic whose events the API announces (messages, handoff, conversations, summaries, deliveries) and turns each
 * event into one delivery per webhook of its workspace that wants its type, through the suite's consumer idiom: one transaction
 * per batch (one lookup of the batch's subscriptions), offsets committed once the deliveries are stored.
 */
@ApplicationScoped
public class WebhookEventsConsumer {

    private final EventBatchConsumer consumer;
    private final DeliveryDispatcher dispatcher;
    private final EventStore store;

    public WebhookEventsConsumer(EventBatchConsumer consumer, WebhookService webhooks, DeliveryDispatcher dispatcher) {
        this.consumer = consumer;
        this.dispatcher = dispatcher;
        this.store = new FanOut(webhooks);
    }

    @Incoming("webhook-messages")
    @Blocking
    public void messages(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        consume("webhook-messages", records);
    }

    @Incoming("webhook-handoff")
    @Blocking
    public void handoff(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        consume("webhook-handoff", records);
    }

    @Incoming("webhook-conversations")
    @Blocking
    public void conversations(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        consume("webhook-conversations", records);
    }

    @Incoming("webhook-summaries")
    @Blocking
    public void summaries(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        consume("webhook-summaries", records);
    }

    @Incoming("webhook-delivery")
    @Blocking
    public void delivery(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        consume("webhook-delivery", records);
    }

    private void consume(String channel, ConsumerRecords<String, byte[]> records) throws InterruptedException {
        consumer.consume(channel, records, store);
        dispatcher.wake();
    }

    /** The webhooks' deliveries as a store of events: one transaction per batch. */
    private record FanOut(WebhookService webhooks) implements EventStore {

        @Override
        public List<Verdict> store(List<ConsumedEvent> batch) throws Exception {
            webhooks.fanOut(batch);
            return Verdict.allStored(batch.size());
        }

        @Override
        public Failure classify(Throwable failure) {
            return DatabaseFailures.classify(failure);
        }
    }
}
