package org.chatinbox.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventJson;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Sends the demo's events to a running gateway's ingest API ({@code inbox demo}), as a channel would: batches of the contract's
 * largest size, in order, each answered {@code 202} before the next.
 */
final class DemoLoader {

    /** The contract's largest batch. */
    static final int BATCH = 500;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI ingest;
    private final String channelKey;

    DemoLoader(String gateway, String channelKey) {
        this.ingest = URI.create(gateway.replaceAll("/+$", "") + "/api/v1/ingest/events");
        this.channelKey = channelKey;
    }

    /** @return how many events were accepted */
    int load(Consumer<String> progress) {
        List<CloudEvent<?>> events = DemoData.events(Instant.now());
        for (int from = 0; from < events.size(); from += BATCH) {
            send(events.subList(from, Math.min(from + BATCH, events.size())));
        }
        progress.accept(String.format("the demo workspace received %d events of %s", events.size(), DemoData.RESOURCE));
        return events.size();
    }

    private void send(List<CloudEvent<?>> batch) {
        try {
            HttpRequest request = HttpRequest.newBuilder(ingest).timeout(Duration.ofSeconds(30))
                    .header("X-API-Key", channelKey).header("Content-Type", CloudEvent.BATCH_CONTENT_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(EventJson.mapper().writeValueAsBytes(batch))).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                throw new IllegalStateException("the gateway at " + ingest + " answered " + response.statusCode() + ": "
                        + response.body());
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the demo's events", e);
        } catch (IOException e) {
            throw new IllegalStateException("the gateway at " + ingest + " is not reachable (is the stack up?): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
