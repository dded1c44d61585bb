import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Latency from ingest's 202 to the event at a live-stream client: a frontend's SSE connection to the gateway
 * (GET /api/v1/stream, workspace "bench") while a channel sends single events through the gateway's ingest route at a steady
 * rate. Needs the local stack (deploy/local/inbox up); started by bench/stream.
 */
public class StreamBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final Pattern EVENT_ID = Pattern.compile("\"id\"\\s*:\\s*\"(stream-bench-[^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String gateway = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        int rate = Integer.parseInt(System.getenv().getOrDefault("BENCH_RATE", "500"));
        int seconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "30"));
        String conversation = "stream-bench-" + Long.toString(System.currentTimeMillis(), 36);
        System.out.printf("stream bench: %s, %d events/s for %d s, one SSE client of workspace bench%n", gateway, rate,
                seconds);

        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> accepted = new ConcurrentHashMap<>();
        Map<String, Long> received = new ConcurrentHashMap<>();
        // the stream gets a client (and selector thread) of its own, apart from the one sending the events
        HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/stream"))
                .header("X-API-Key", "bench-agent-key").header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (stream.statusCode() != 200) {
            throw new IllegalStateException("stream answered " + stream.statusCode());
        }
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        Matcher id = EVENT_ID.matcher(line);
                        if (id.find()) {
                            received.putIfAbsent(id.group(1), System.nanoTime());
                        }
                    }
                }
            } catch (java.io.IOException closed) {
                // the bench closes the stream at the end
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();

        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        int total = rate * seconds;
        long periodNanos = 1_000_000_000L / rate;
        pacer.scheduleAtFixedRate(() -> {
            int n = sent.getAndIncrement();
            if (n >= total) {
                return;
            }
            String id = "stream-bench-" + UUID.randomUUID();
            sentAt.put(id, System.nanoTime());
            HTTP.sendAsync(HttpRequest.newBuilder(URI.create(System.getenv().getOrDefault("BENCH_INGEST_URL", gateway) + "/api/v1/ingest/events"))
                    .header("X-API-Key", "bench-channel-key").header("Content-Type", "application/cloudevents+json")
                    .POST(HttpRequest.BodyPublishers.ofString(event(id, conversation, n))).build(),
                    HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                        if (failure == null && response.statusCode() == 202) {
                            accepted.put(id, System.nanoTime());
                        } else {
                            refused.incrementAndGet();
                        }
                    });
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 10);
        while (System.nanoTime() < deadline) {
            Thread.sleep(100);
            if (sent.get() >= total && accepted.size() + refused.get() >= total && received.keySet().containsAll(
                    accepted.keySet())) {
                break;
            }
        }
        pacer.shutdownNow();

        long[] latencies = accepted.entrySet().stream().filter(e -> received.containsKey(e.getKey()))
                .mapToLong(e -> Math.max(0, received.get(e.getKey()) - e.getValue())).sorted().toArray();
        long[] fromSend = accepted.keySet().stream().filter(received::containsKey)
                .mapToLong(id -> received.get(id) - sentAt.get(id)).sorted().toArray();
        long beforeAccepted = accepted.entrySet().stream()
                .filter(e -> received.containsKey(e.getKey()) && received.get(e.getKey()) < e.getValue()).count();
        long missing = accepted.keySet().stream().filter(id -> !received.containsKey(id)).count();
        System.out.printf("  accepted %d, refused %d, received on the stream %d, missing %d (%d arrived before their 202)%n",
                accepted.size(), refused.get(), latencies.length, missing, beforeAccepted);
        System.out.printf("  202 -> SSE event: p50 %.1f ms, p99 %.1f ms, max %.1f ms (target p99 < 250 ms)%n",
                percentile(latencies, 50), percentile(latencies, 99), percentile(latencies, 100));
        System.out.printf("  request sent -> SSE event: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", percentile(fromSend, 50),
                percentile(fromSend, 99), percentile(fromSend, 100));
        System.exit(0);
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    static String event(String id, String conversation, int n) {
        return """
                {"specversion":"1.0","id":"%s","source":"/channels/web","type":"inbox.message.created","time":"%s",\
                "data":{"workspaceId":"bench","botId":"support-bot","channel":"web","conversationId":"%s-%d",\
                "messageId":"m-%d","sender":{"role":"visitor","id":"v-1","name":"Dana"},"text":"Where is my parcel?"}}"""
                .formatted(id, Instant.now(), conversation, n % 50, n);
    }
}
