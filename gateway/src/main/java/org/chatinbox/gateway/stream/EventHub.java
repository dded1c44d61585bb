package org.chatinbox.gateway.stream;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.chatinbox.api.messaging.EventTracing;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventCodec;
import org.chatinbox.events.EventType;
import org.chatinbox.events.InvalidEventException;
import org.chatinbox.events.RecordDecoder;
import org.chatinbox.events.data.MessageCreated;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * Every gateway replica reads every event topic in a consumer group of its own (from the newest records), keeps the last
 * {@value #RETAINED} events for reconnecting clients, and broadcasts each new one to its connected clients; each client's
 * stream filters by workspace (and optionally conversation or bot).
 */
@ApplicationScoped
public class EventHub {

    private static final Logger LOG = Logger.getLogger(EventHub.class);
    static final int RETAINED = 10_000;
    static final int CLIENT_BUFFER = 1_000;

    private final EventCodec codec;
    private final EventTracing tracing;
    private final ArrayDeque<StreamEvent> retained = new ArrayDeque<>();
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    /** Which bot a conversation belongs to, learnt from its messages, so other events can be filtered by bot too. */
    private final Map<String, String> botOfConversation = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 100_000;
        }
    };

    public EventHub(EventCodec codec, EventTracing tracing) {
        this.codec = codec;
        this.tracing = tracing;
    }

    @Incoming("stream-messages")
    public void messages(ConsumerRecords<String, byte[]> records) {
        records.forEach(this::publish);
    }

    @Incoming("stream-handoff")
    public void handoff(ConsumerRecords<String, byte[]> records) {
        records.forEach(this::publish);
    }

    @Incoming("stream-conversations")
    public void conversations(ConsumerRecords<String, byte[]> records) {
        records.forEach(this::publish);
    }

    @Incoming("stream-summaries")
    public void summaries(ConsumerRecords<String, byte[]> records) {
        records.forEach(this::publish);
    }

    @Incoming("stream-delivery")
    public void delivery(ConsumerRecords<String, byte[]> records) {
        records.forEach(this::publish);
    }

    void publish(ConsumerRecord<String, byte[]> record) {
        long taken = EventTracing.now();
        CloudEvent<?> event;
        try {
            event = RecordDecoder.decode(codec, record);
        } catch (InvalidEventException | RuntimeException e) {
            LOG.debugf("not streamed: %s-%d@%d is not a contract event", record.topic(), record.partition(), record.offset());
            return;
        }
        String name = name(event);
        if (name == null) {
            return; // feedback, handoff requests: not part of the stream
        }
        String workspace = event.data().workspaceId();
        String conversation = event.data().conversationId();
        String bot;
        synchronized (this) {
            if (event.data() instanceof MessageCreated message) {
                botOfConversation.put(workspace + '/' + conversation, message.botId());
            }
            bot = botOfConversation.get(workspace + '/' + conversation);
        }
        // a structured record is already the event's JSON; a binary one is written out as such
        byte[] json = RecordDecoder.isBinary(record) ? codec.encode(event) : record.value();
        StreamEvent streamed = new StreamEvent(record.topic() + "-" + record.partition() + "-" + record.offset(), name,
                workspace, conversation, bot, new String(json, java.nio.charset.StandardCharsets.UTF_8));
        int offered = 0;
        synchronized (retained) {
            retained.addLast(streamed);
            if (retained.size() > RETAINED) {
                retained.removeFirst();
            }
            for (Client client : clients) {
                offered += client.offer(streamed) ? 1 : 0;
            }
        }
        tracing.streamed(record, taken, offered);
    }

    /**
     * The stream of one client: first what it missed since {@code lastEventId} (when still retained), then every new event;
     * only events that pass {@code filter}. A client that does not keep up is ended once {@value #CLIENT_BUFFER} of its events
     * wait to be written, rather than holding memory without bound; it reconnects with {@code Last-Event-ID} and misses nothing
     * still retained.
     */
    public Multi<StreamEvent> stream(Predicate<StreamEvent> filter, String lastEventId) {
        // the replay and the registration for new events happen under the same lock as publishing: nothing in between
        return Multi.createFrom().<StreamEvent>emitter(emitter -> {
            Client client = new Client(filter, emitter);
            synchronized (retained) {
                if (lastEventId != null && !lastEventId.isBlank()) {
                    boolean after = false;
                    for (StreamEvent event : retained) {
                        if (after) {
                            client.offer(event);
                        } else if (event.id().equals(lastEventId)) {
                            after = true;
                        }
                    }
                }
                clients.add(client);
            }
            emitter.onTermination(() -> clients.remove(client));
        }, BackPressureStrategy.ERROR).onOverflow().buffer(CLIENT_BUFFER);
    }

    private record Client(Predicate<StreamEvent> filter, MultiEmitter<? super StreamEvent> emitter) {

        /** Filtered here, on the publishing side: another workspace's events never take room in this client's buffer. */
        boolean offer(StreamEvent event) {
            if (filter.test(event)) {
                emitter.emit(event);
                return true;
            }
            return false;
        }
    }

    private static String name(CloudEvent<?> event) {
        return EventType.of(event.data()).announcedAs().orElse(null);
    }
}
