package org.chatinbox.service.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/** Which consumer channels are waiting for their store, since when and why: what readiness reports. */
@ApplicationScoped
public class StoreOutages {

    private final Map<String, Outage> waiting = new ConcurrentHashMap<>();

    /** The channel's store is away; the first report of an outage keeps its start. */
    void away(String channel, Throwable cause) {
        waiting.computeIfAbsent(channel, c -> new Outage(Instant.now(), describe(cause)));
    }

    /** A batch of the channel was stored: its store is back. */
    void back(String channel) {
        waiting.remove(channel);
    }

    /** The channels waiting for longer than {@code atLeast}, with what their store last answered. */
    public Map<String, Outage> longerThan(Duration atLeast) {
        Instant before = Instant.now().minus(atLeast);
        Map<String, Outage> result = new TreeMap<>();
        waiting.forEach((channel, outage) -> {
            if (outage.since().isBefore(before)) {
                result.put(channel, outage);
            }
        });
        return result;
    }

    private static String describe(Throwable cause) {
        return cause == null ? "the store did not take every event" : EventBatchConsumer.reason(cause);
    }

    public record Outage(Instant since, String reason) {
    }
}
