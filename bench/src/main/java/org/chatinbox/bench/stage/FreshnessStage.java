package org.chatinbox.bench.stage;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.chatinbox.bench.data.Traffic;
import org.chatinbox.bench.data.Traffic.Message;
import org.chatinbox.bench.report.Figure;
import org.chatinbox.bench.report.Percentiles;
import org.chatinbox.bench.report.Series;
import org.chatinbox.bench.stack.Idle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How fresh what an agent sees is, at a steady rate of single messages through the gateway (as channels send them, a webhook
 * per visitor message): from ingest's {@code 202} to the SSE event at a connected agent, to the message counted in the
 * conversation (conversation-service), to the message found by search (search-service) and to the conversation's
 * {@code summary.updated}. The stream client resumes with {@code Last-Event-ID} like a browser; its reconnections are reported
 * apart from latency. Five messages a second are probed for the list and search, so that probing does not become the load.
 */
public final class FreshnessStage implements Stage {

    static final String CHANNEL_KEY = "bench-channel-key";
    static final String AGENT_KEY = "bench-agent-key";
    static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Messages a second probed for the list and search: each probe polls both every 50 ms, so few, lest probing be the load.
     */
    static final int PROBES_PER_SECOND = 1;

    private final Map<String, Long> accepted = new ConcurrentHashMap<>();
    private final Map<String, Long> sent = new ConcurrentHashMap<>();
    private final Map<String, Long> streamed = new ConcurrentHashMap<>();
    private final Map<String, Long> lastAcceptedOfConversation = new ConcurrentHashMap<>();
    private final List<Double> toSummary = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Double> toList = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Double> toSearch = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger reconnections = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean streaming = true;
    private volatile String lastEventId;

    @Override
    public String name() {
        return "freshness";
    }

    @Override
    public Result run(Settings settings) throws Exception {
        HttpClient http = Settings.http();
        HttpClient streamHttp = Settings.http();
        Thread reader = new Thread(() -> stream(streamHttp, settings.gateway()), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        awaitStream();

        // a stack just started runs interpreted: a few seconds of the same traffic first, then the drain
        warmUp(http, settings);
        Idle.await(settings.processes(), java.time.Duration.ofMinutes(3));
        // the stack's own housekeeping, to subtract from what the messages cost
        int idleSeconds = settings.full() ? 20 : 5;
        double idleBefore = settings.processes().cpuSeconds();
        Thread.sleep(idleSeconds * 1000L);
        double idlePerSecond = (settings.processes().cpuSeconds() - idleBefore) / idleSeconds;
        double cpuBefore = settings.processes().cpuSeconds();
        long cpuStart = System.nanoTime();

        int rate = settings.rate();
        int total = rate * settings.steadySeconds();
        int probeEvery = Math.max(1, rate / PROBES_PER_SECOND);
        Traffic traffic = new Traffic(settings.dialogues());
        ExecutorService probes = Executors.newFixedThreadPool(16);
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger n = new AtomicInteger();
        long start = System.nanoTime();
        String endpoint = settings.gateway() + "/api/v1/ingest/events";
        pacer.scheduleAtFixedRate(() -> {
            int i = n.getAndIncrement();
            if (i >= total) {
                return;
            }
            boolean probed = i % probeEvery == 0;
            String token = probed ? "zq" + Long.toString(System.nanoTime(), 36) : null;
            Message message;
            synchronized (traffic) {
                message = traffic.message(probed ? " (ref " + token + ")" : "");
            }
            String key = message.conversationId() + "/" + message.messageId();
            sent.put(key, System.nanoTime());
            http.sendAsync(HttpRequest.newBuilder(URI.create(endpoint)).header("X-API-Key", CHANNEL_KEY)
                    .header("Content-Type", "application/cloudevents+json")
                    .POST(HttpRequest.BodyPublishers.ofString(message.json())).build(), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        if (failure != null || response.statusCode() != 202) {
                            refused.incrementAndGet();
                            return;
                        }
                        long at = System.nanoTime();
                        accepted.put(key, at);
                        lastAcceptedOfConversation.put(message.conversationId(), at);
                        if (probed) {
                            int turn = Integer.parseInt(message.messageId().substring(2));
                            probes.submit(() -> probe(http, settings.gateway(), message.conversationId(), turn, token, at));
                        }
                    });
        }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);

        // until every accepted message streamed, or 30 s after the last was sent
        long deadline = start + (settings.steadySeconds() + 30) * 1_000_000_000L;
        while (System.nanoTime() < deadline
                && (n.get() < total || accepted.size() + refused.get() < total
                        || !streamed.keySet().containsAll(accepted.keySet()))) {
            Thread.sleep(100);
        }
        pacer.shutdownNow();
        probes.shutdown();
        probes.awaitTermination(40, TimeUnit.SECONDS);
        streaming = false;
        Idle.await(settings.processes(), java.time.Duration.ofMinutes(3));
        double cpuSeconds = settings.processes().cpuSeconds() - cpuBefore
                - idlePerSecond * (System.nanoTime() - cpuStart) / 1e9;
        Result result = result(settings, start);
        result.figures().add(Figure.of(name(), "CPU per message, all processes until drained (idle subtracted)",
                accepted.isEmpty() ? Double.NaN : 1000 * cpuSeconds / accepted.size(), "ms", false));
        return result;
    }

    private static void warmUp(HttpClient http, Settings settings) throws Exception {
        Traffic traffic = new Traffic(settings.dialogues());
        long period = 1_000_000_000L / settings.rate();
        long next = System.nanoTime();
        for (int i = 0; i < settings.rate() * (settings.full() ? 20 : 5); i++) {
            http.sendAsync(HttpRequest.newBuilder(URI.create(settings.gateway() + "/api/v1/ingest/events"))
                    .header("X-API-Key", CHANNEL_KEY).header("Content-Type", "application/cloudevents+json")
                    .POST(HttpRequest.BodyPublishers.ofString(traffic.next())).build(), HttpResponse.BodyHandlers.discarding());
            next += period;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
    }

    private Result result(Settings settings, long start) {
        List<Double> toStream = new ArrayList<>();
        Series overTime = new Series("Freshness: 202 → SSE event at the agent, per 5 s of the run", "seconds into the run",
                "ms");
        Map<Integer, List<Double>> buckets = new java.util.TreeMap<>();
        accepted.forEach((key, at) -> {
            Long seen = streamed.get(key);
            if (seen != null) {
                double ms = Math.max(0, seen - at) / 1e6;
                toStream.add(ms);
                buckets.computeIfAbsent((int) ((sent.get(key) - start) / 5_000_000_000L), b -> new ArrayList<>()).add(ms);
            }
        });
        buckets.forEach((bucket, samples) -> {
            Percentiles p = Percentiles.of(samples);
            overTime.add("p50", bucket * 5, p.p50()).add("p99", bucket * 5, p.p99()).add("max", bucket * 5, p.max());
        });
        long missing = accepted.keySet().stream().filter(k -> !streamed.containsKey(k)).count();
        Result result = Result.empty();
        add(result, "202 → SSE event", Percentiles.of(toStream));
        add(result, "202 → counted in the conversation", Percentiles.of(toList));
        add(result, "202 → found by search", Percentiles.of(toSearch));
        add(result, "202 → summary.updated (includes the 2 s quiet debounce)", Percentiles.of(toSummary));
        result.figures().add(Figure.of(name(), "accepted", accepted.size(), "messages", true));
        result.figures().add(Figure.of(name(), "refused or failed requests", refused.get(), "requests", false));
        result.figures().add(Figure.of(name(), "accepted but never streamed", missing, "messages", false));
        result.figures().add(Figure.of(name(), "stream reconnections", reconnections.get(), "", false));
        result.lines().add(overTime);
        result.notes().add(settings.rate() + " single messages/s through the gateway for " + settings.steadySeconds()
                + " s; " + PROBES_PER_SECOND
                + " of them a second probed for the list and search (polled every 200 ms, which bounds those two figures' "
                + "resolution); the CPU per message includes that probing.");
        return result;
    }

    private void add(Result result, String what, Percentiles p) {
        result.figures().add(Figure.of(name(), what + " p50", p.p50(), "ms", false));
        result.figures().add(Figure.of(name(), what + " p95", p.p95(), "ms", false));
        result.figures().add(Figure.of(name(), what + " p99", p.p99(), "ms", false));
        result.figures().add(Figure.of(name(), what + " max", p.max(), "ms", false));
    }

    /** Polls the conversation until it counts the message, and search until it finds its token. */
    private void probe(HttpClient http, String gateway, String conversation, int turn, String token, long acceptedAt) {
        long until = acceptedAt + 30_000_000_000L;
        boolean listed = false;
        boolean found = false;
        try {
            while ((!listed || !found) && System.nanoTime() < until) {
                if (!listed) {
                    HttpResponse<String> r = get(http, gateway + "/api/v1/conversations/" + conversation);
                    if (r.statusCode() == 200 && JSON.readTree(r.body()).path("messageCount").asInt() > turn) {
                        listed = true;
                        toList.add((System.nanoTime() - acceptedAt) / 1e6);
                    }
                }
                if (!found) {
                    HttpResponse<String> r = get(http,
                            gateway + "/api/v1/search?limit=1&q=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
                    if (r.statusCode() == 200 && JSON.readTree(r.body()).path("total").asLong() > 0) {
                        found = true;
                        toSearch.add((System.nanoTime() - acceptedAt) / 1e6);
                    }
                }
                Thread.sleep(200);
            }
        } catch (Exception e) {
            // a probe that fails counts as not seen
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("X-API-Key", AGENT_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Reads the stream as a browser does: on a drop it reconnects with the last event's id and misses nothing retained. */
    private void stream(HttpClient http, String gateway) {
        while (streaming) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + "/api/v1/stream"))
                        .header("X-API-Key", AGENT_KEY).header("Accept", "text/event-stream");
                if (lastEventId != null) {
                    request.header("Last-Event-ID", lastEventId);
                }
                HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("the stream answered " + response.statusCode());
                }
                connected = true;
                try (BufferedReader lines = new BufferedReader(
                        new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String event = null;
                    for (String line = lines.readLine(); line != null && streaming; line = lines.readLine()) {
                        if (line.startsWith("id:")) {
                            lastEventId = line.substring(3).trim();
                        } else if (line.startsWith("event:")) {
                            event = line.substring(6).trim();
                        } else if (line.startsWith("data:")) {
                            seen(event, line.substring(5).trim());
                        }
                    }
                }
            } catch (Exception e) {
                // dropped: reconnect below
            }
            if (streaming) {
                reconnections.incrementAndGet();
            }
        }
    }

    private volatile boolean connected;

    private void awaitStream() throws InterruptedException {
        for (int i = 0; i < 100 && !connected; i++) {
            Thread.sleep(100);
        }
        if (!connected) {
            throw new IllegalStateException("the gateway's stream did not answer within 10 s");
        }
        Thread.sleep(2_000); // the gateway's consumers join their group a moment after the stream answers
    }

    private void seen(String event, String data) {
        long now = System.nanoTime();
        try {
            JsonNode json = JSON.readTree(data);
            JsonNode payload = json.has("data") ? json.get("data") : json;
            String conversation = payload.path("conversationId").asText();
            if ("message.created".equals(event)) {
                streamed.putIfAbsent(conversation + "/" + payload.path("messageId").asText(), now);
            } else if ("summary.updated".equals(event)) {
                Long last = lastAcceptedOfConversation.get(conversation);
                if (last != null) {
                    toSummary.add((now - last) / 1e6);
                }
            }
        } catch (Exception e) {
            // not an event of ours
        }
    }
}
