package org.chatinbox.bench.data;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live traffic in the background: single messages through the gateway at a steady rate, as channels send them, while a stage
 * measures something else.
 */
public final class SteadyTraffic implements AutoCloseable {

    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "steady-traffic");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    public SteadyTraffic(HttpClient http, String gateway, String channelKey, Dialogues dialogues, int perSecond) {
        Traffic traffic = new Traffic(dialogues);
        URI endpoint = URI.create(gateway + "/api/v1/ingest/events");
        pacer.scheduleAtFixedRate(() -> {
            String json;
            synchronized (traffic) {
                json = traffic.next();
            }
            http.sendAsync(HttpRequest.newBuilder(endpoint).header("X-API-Key", channelKey)
                    .header("Content-Type", "application/cloudevents+json").POST(HttpRequest.BodyPublishers.ofString(json))
                    .build(), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> (failure == null && response.statusCode() == 202 ? accepted : refused)
                            .incrementAndGet());
        }, 0, 1_000_000 / Math.max(1, perSecond), TimeUnit.MICROSECONDS);
    }

    public long accepted() {
        return accepted.get();
    }

    public long refused() {
        return refused.get();
    }

    @Override
    public void close() {
        pacer.shutdownNow();
    }
}
