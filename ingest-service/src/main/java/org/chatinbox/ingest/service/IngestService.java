package org.chatinbox.ingest.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventCodec;
import org.chatinbox.events.EventType;
import org.chatinbox.events.InvalidEventException;
import org.chatinbox.events.ReceivedEvent;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Session;
import org.chatinbox.ingest.config.IngestConfig;
import org.chatinbox.ingest.enrich.SessionEnricher;
import org.chatinbox.ingest.messaging.EventPublisher;
import org.chatinbox.ingest.messaging.EventPublisher.EncodedEvent;
import org.chatinbox.ingest.security.ChannelKeys;
import org.chatinbox.ingest.security.RateLimiter;
import org.chatinbox.problem.Problem;
import org.chatinbox.problem.ProblemException;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** What every way in shares: who may write what, session enrichment, and the durable write to Kafka. */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);

    /** Channels write conversations' messages; every other event type belongs to a service of the suite. */
    static final Set<EventType> CHANNEL_TYPES = Set.of(EventType.MESSAGE_CREATED, EventType.FEEDBACK_RECORDED,
            EventType.HANDOFF_REQUESTED);

    private static final Duration RETRY_AFTER_UNAVAILABLE = Duration.ofSeconds(5);

    /** No contract event is shorter (its required attributes alone take more): a batch holds at most a byte count / this. */
    static final int SMALLEST_EVENT_BYTES = 128;

    private final ChannelKeys keys;
    private final RateLimiter rateLimiter;
    private final SessionEnricher enricher;
    private final EventCodec codec;
    private final EventPublisher publisher;
    private final IngestConfig config;
    private final Duration kafkaTimeout;
    private final Counter accepted;
    private final Counter unavailable;

    public IngestService(ChannelKeys keys, RateLimiter rateLimiter, SessionEnricher enricher, EventCodec codec,
            EventPublisher publisher, IngestConfig config, MeterRegistry registry) {
        this.keys = keys;
        this.rateLimiter = rateLimiter;
        this.config = config;
        this.enricher = enricher;
        this.codec = codec;
        this.publisher = publisher;
        this.kafkaTimeout = config.kafkaTimeout();
        this.accepted = registry.counter("inbox.ingest.events.accepted");
        this.unavailable = registry.counter("inbox.ingest.requests.unavailable");
    }

    /**
     * {@code POST /api/v1/ingest/events}: one event or a batch (by its media type, without parameters) as a channel sent it,
     * written durably or not at all. In the order of their cost: the key, the media type and the size, the rate (charged by an
     * upper bound of the events, before the body is read), then the events themselves and what the key may write; completes
     * with the number of events once Kafka acknowledged every one.
     */
    public CompletionStage<Integer> accept(String apiKey, String mediaType, byte[] body) {
        ChannelKeys.Caller caller = keys.authenticate(apiKey);
        boolean batch = CloudEvent.BATCH_CONTENT_TYPE.equals(mediaType);
        if (!batch && !CloudEvent.CONTENT_TYPE.equals(mediaType)) {
            throw ProblemException.unsupportedMediaType("send " + CloudEvent.CONTENT_TYPE + " (one event) or "
                    + CloudEvent.BATCH_CONTENT_TYPE + " (an array of events), not "
                    + (mediaType == null ? "no Content-Type" : mediaType));
        }
        int maxBytes = batch ? config.batchMaxBytes() : EventCodec.MAX_EVENT_BYTES;
        if (body.length > maxBytes) {
            throw ProblemException.tooLarge("the " + (batch ? "batch" : "event") + " is " + body.length
                    + " bytes; at most " + maxBytes + " are allowed");
        }
        int charged = batch ? Math.min(config.batchMaxEvents(), body.length / SMALLEST_EVENT_BYTES + 1) : 1;
        rateLimiter.acquire(caller, charged);
        List<ReceivedEvent> events;
        try {
            events = batch ? codec.readBatch(body, config.batchMaxEvents()) : List.of(codec.read(body));
        } catch (InvalidEventException e) {
            rateLimiter.giveBack(caller, charged - 1); // a refused request costs one event, so a flood of them is limited too
            throw invalid(e);
        }
        rateLimiter.giveBack(caller, charged - events.size());
        authorize(caller, events.stream().<CloudEvent<?>>map(ReceivedEvent::event).toList(), batch);
        return publishReceived(events);
    }

    /** The contract's validation errors as a {@code 400} naming each field. */
    private static ProblemException invalid(InvalidEventException e) {
        var errors = e.errors().stream().map(error -> new Problem.FieldProblem(error.field(), error.message())).toList();
        return ProblemException.badRequest(errors.size() == 1
                ? "1 invalid field; nothing was written"
                : errors.size() + " invalid fields; nothing was written", errors);
    }

    /**
     * Refuses the whole request unless the caller may write every event: only channel event types, only its own workspace, only
     * its bots.
     */
    public void authorize(ChannelKeys.Caller caller, List<CloudEvent<?>> events, boolean batch) {
        List<Problem.FieldProblem> types = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            CloudEvent<?> event = events.get(i);
            if (EventType.of(event.type()).filter(CHANNEL_TYPES::contains).isEmpty()) {
                types.add(new Problem.FieldProblem((batch ? "[" + i + "]." : "") + "type", "a channel may send only "
                        + CHANNEL_TYPES.stream().map(EventType::type).sorted().toList()));
            }
        }
        if (!types.isEmpty()) {
            throw ProblemException.badRequest("events of types channels may not send; nothing was written", types);
        }
        for (CloudEvent<?> event : events) {
            if (!caller.workspace().equals(event.data().workspaceId())) {
                throw ProblemException.forbidden("this key writes for workspace '" + caller.workspace()
                        + "', not '" + event.data().workspaceId() + "' (event " + event.id() + "); nothing was written");
            }
            if (event.data() instanceof MessageCreated message && !caller.mayWriteFor(message.botId())) {
                throw ProblemException.forbidden("this key may not write for bot '" + message.botId() + "' (event "
                        + event.id() + "); nothing was written");
            }
        }
    }

    /**
     * Enriches and writes the events; completes with their number once Kafka acknowledged all, or fails with {@code 503} when
     * it did not within the configured time.
     */
    public CompletionStage<Integer> publish(List<CloudEvent<?>> events) {
        return write(events.stream().map(event -> {
            CloudEvent<?> enriched = enricher.enrich(event);
            return new EncodedEvent(enriched, codec.encode(enriched));
        }).toList());
    }

    /** {@link #publish} for events as a channel sent them: their own bytes go on Kafka, with the session completed. */
    private CompletionStage<Integer> publishReceived(List<ReceivedEvent> events) {
        return write(events.stream().map(received -> {
            CloudEvent<?> event = received.event();
            if (event.data() instanceof MessageCreated message && message.session() != null) {
                Session session = enricher.complete(message.session());
                if (session != message.session()) {
                    return new EncodedEvent(event.withData(message.withSession(session)),
                            SessionSplice.withSession(received, session));
                }
            }
            return new EncodedEvent(event, received.json());
        }).toList());
    }

    private CompletionStage<Integer> write(List<EncodedEvent> events) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        publisher.publish(events)
                .orTimeout(kafkaTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ok, failure) -> {
                    if (failure == null) {
                        accepted.increment(events.size());
                        done.complete(events.size());
                    } else {
                        unavailable.increment();
                        LOG.warnf("Kafka did not acknowledge %d event(s) in %s: %s", events.size(), kafkaTimeout, failure);
                        done.completeExceptionally(ProblemException.unavailable(
                                "the events could not be written durably in time; retry after a moment (retries are safe)",
                                RETRY_AFTER_UNAVAILABLE));
                    }
                });
        return done;
    }
}
