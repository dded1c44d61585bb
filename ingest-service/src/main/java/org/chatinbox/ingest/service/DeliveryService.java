package org.chatinbox.ingest.service;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventCodec;
import org.chatinbox.events.Topics;
import org.chatinbox.events.data.DeliveryState;
import org.chatinbox.events.data.DeliveryUpdated;
import org.chatinbox.events.data.OutboundKind;
import org.chatinbox.events.data.OutboundRequested;
import org.chatinbox.ingest.config.IngestConfig;
import org.chatinbox.ingest.model.Delivery;
import org.chatinbox.ingest.model.NewDelivery;
import org.chatinbox.ingest.model.SendResult;
import org.chatinbox.ingest.repository.DeliveryRepository;
import org.chatinbox.service.messaging.ConsumedEvent;
import org.chatinbox.service.messaging.DeadLetters;
import org.chatinbox.service.outbox.Outbox;

/**
 * The deliveries' state: what the consumer read is added (once per event id), and each attempt's outcome is recorded with its
 * {@code inbox.delivery.updated} in one transaction (the outbox). A failed call is tried again after a pause doubling from
 * {@code initial-backoff} to {@code max-backoff}, each drawn between half and all of it (so that many failures do not come back
 * at once), or after the platform's {@code Retry-After}; a refusal, or failures for longer than {@code give-up-after}, fail the
 * delivery for good and put its event on {@code inbox.outbound.dlq} with the platform's error.
 */
@ApplicationScoped
public class DeliveryService {

    static final String SOURCE = "/ingest-service/outbound";

    private final DeliveryRepository deliveries;
    private final OutboundRoutes routes;
    private final Outbox outbox;
    private final DeadLetters deadLetters;
    private final EventCodec codec;
    private final IngestConfig.Outbound config;
    private final WebhookService webhooks;

    public DeliveryService(DeliveryRepository deliveries, OutboundRoutes routes, Outbox outbox, DeadLetters deadLetters,
            EventCodec codec, IngestConfig config, WebhookService webhooks) {
        this.deliveries = deliveries;
        this.webhooks = webhooks;
        this.routes = routes;
        this.outbox = outbox;
        this.deadLetters = deadLetters;
        this.codec = codec;
        this.config = config.outbound();
    }

    /** Adds the outbound events of a consumed batch; returns how many are to be delivered. */
    @Transactional(rollbackOn = Exception.class)
    public int accept(List<ConsumedEvent> batch) throws SQLException {
        List<NewDelivery> added = new ArrayList<>();
        for (ConsumedEvent consumed : batch) {
            if (!(consumed.event().data() instanceof OutboundRequested out)) {
                continue;
            }
            Optional<String> lane = routes.lane(out);
            if (lane.isPresent()) {
                added.add(new NewDelivery(consumed.event().id(), consumed.event().type(), out.workspaceId(),
                        out.conversationId(), out.messageId(), out.kind(), lane.get(), codec.encode(consumed.event()),
                        consumed.record().partition(),
                        consumed.record().offset()));
            }
        }
        deliveries.add(added);
        return added.size();
    }

    /**
     * Records an attempt's outcome; returns the delivery's state, or empty when the attempt was no longer the delivery's (its
     * lease ran out and another attempt has begun).
     */
    @Transactional(rollbackOn = Exception.class)
    public Optional<DeliveryState> record(Delivery delivery, SendResult result, Instant now) throws SQLException {
        DeliveryState state;
        String error = result.error();
        Instant next = null;
        switch (result.outcome()) {
            case DELIVERED -> state = DeliveryState.DELIVERED;
            case REFUSED -> state = DeliveryState.FAILED;
            default -> {
                if (!now.isBefore(delivery.requestedAt().plus(config.giveUpAfter()))) {
                    state = DeliveryState.FAILED;
                    error = "still failing after " + config.giveUpAfter() + ": " + error;
                } else {
                    state = DeliveryState.RETRYING;
                    next = now.plus(result.retryAfter() != null ? result.retryAfter() : backoff(delivery.attempt()));
                }
            }
        }
        if (!deliveries.finish(delivery, state.name().toLowerCase(java.util.Locale.ROOT), next, result.status(), error)) {
            return Optional.empty();
        }
        if (delivery.webhookId() != null) {
            // a webhook's calls are listed with its deliveries, and sent again on request: no dead letter, no outcome event
            webhooks.attempted(delivery, result, state, next, now);
            return Optional.of(state);
        }
        if (state == DeliveryState.FAILED) {
            deadLetters.send(new ConsumerRecord<>(Topics.OUTBOUND, delivery.sourcePartition(), delivery.sourceOffset(),
                    delivery.conversationId(), delivery.payload()), error, null);
        }
        if (delivery.kind() == OutboundKind.MESSAGE && delivery.messageId() != null) {
            // one outcome per attempt: the id says which, so a replay of the outbox is a duplicate for every consumer
            outbox.publish(CloudEvent.of("delivery:" + delivery.eventId() + ":" + delivery.attempt(), SOURCE, now,
                    new DeliveryUpdated(delivery.workspaceId(), delivery.conversationId(), delivery.messageId(), state,
                            delivery.attempt(), error)));
        }
        return Optional.of(state);
    }

    /** The pause after a failed attempt: doubling from the initial backoff up to the maximum, with jitter. */
    Duration backoff(int attempt) {
        long initial = config.initialBackoff().toMillis();
        long ceiling = Math.min(config.maxBackoff().toMillis(), initial << Math.min(30, Math.max(0, attempt - 1)));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    /** Deletes finished deliveries and webhook calls older than {@code keep-finished}, a bounded batch at a time. */
    public int purge(Instant now) throws SQLException {
        return deliveries.deleteFinished(now.minus(config.keepFinished()), 10_000)
                + webhooks.purgeAttempts(now.minus(config.keepFinished()));
    }
}
