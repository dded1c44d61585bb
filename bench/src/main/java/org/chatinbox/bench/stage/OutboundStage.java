package org.chatinbox.bench.stage;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.chatinbox.bench.report.Figure;
import org.chatinbox.bench.report.Percentiles;

import com.sun.net.httpserver.HttpServer;

/**
 * ingest-service's outbound half, with a fast fake bot callback on 127.0.0.1:18482 (the local profile's callback of workspace
 * bench): outbound replies put on {@code inbox.outbound} at once (as handoff-service does), timed until the fake has every one,
 * beside the same POSTs from a plain HTTP client with as many calls in flight as a lane allows (4); then agents' replies
 * through the gateway, from the {@code 202} to the fake receiving them.
 */
public final class OutboundStage implements Stage {

    static final String KAFKA = "127.0.0.1:9092";
    static final int CONVERSATIONS = 10;
    static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\":\"([^\"]+)\"");

    private final HttpClient http = Settings.http();
    private final Map<String, Long> received = new ConcurrentHashMap<>();
    private final Map<String, Long> byMessage = new ConcurrentHashMap<>();
    private String gateway;

    @Override
    public String name() {
        return "outbound";
    }

    @Override
    public Result run(Settings settings) throws Exception {
        gateway = settings.gateway();
        int deliveries = settings.full() ? 5000 : 1000;
        int replies = settings.full() ? 300 : 100;
        HttpServer fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 18482), 200);
        ExecutorService handlers = Executors.newFixedThreadPool(16);
        fake.setExecutor(handlers);
        fake.createContext("/", exchange -> {
            long at = System.nanoTime();
            String delivery = exchange.getRequestHeaders().getFirst("X-Inbox-Delivery");
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (delivery != null) {
                received.putIfAbsent(delivery, at);
            }
            Matcher message = MESSAGE_ID.matcher(body);
            if (message.find()) {
                byMessage.putIfAbsent(message.group(1), at);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        fake.start();
        Result result = Result.empty();
        try {
            double rate = throughput(deliveries);
            double raw = rawPosts(deliveries);
            result.figures().add(Figure.of(name(), "deliveries to one callback", rate, "deliveries/s", true)
                    .against("a plain HTTP client, 4 in flight", raw));
            Percentiles p = replies(replies);
            result.figures().add(Figure.of(name(), "agent's reply 202 → at the callback p50", p.p50(), "ms", false));
            result.figures().add(Figure.of(name(), "agent's reply 202 → at the callback p99", p.p99(), "ms", false));
            result.notes().add(String.format("%,d outbound requests written to inbox.outbound at once, one conversation each; "
                    + "%d replies through the gateway on %d conversations the bench agent took over.", deliveries, p.count(),
                    CONVERSATIONS));
        } finally {
            fake.stop(0);
            // the server leaves its executor running: its threads would keep bench/run from exiting
            handlers.shutdownNow();
        }
        return result;
    }

    /** Outbound events on Kafka all at once; deliveries per second until the fake has every one. */
    private double throughput(int deliveries) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(),
                new ByteArraySerializer())) {
            long start = System.nanoTime();
            List<Future<?>> acks = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                String id = "bench-out-" + run + "-" + i;
                ids.add(id);
                // one conversation per delivery: a conversation's replies go out one after the other
                String conversation = "bench-out-" + run + "-c" + i;
                acks.add(producer.send(new ProducerRecord<>("inbox.outbound", conversation, outbound(id, conversation))));
            }
            for (Future<?> ack : acks) {
                ack.get();
            }
            long deadline = System.currentTimeMillis() + 600_000;
            while (!received.keySet().containsAll(ids)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("only " + ids.stream().filter(received::containsKey).count() + " of "
                            + ids.size() + " delivered in 10 minutes");
                }
                Thread.sleep(20);
            }
            long last = ids.stream().mapToLong(received::get).max().orElseThrow();
            return deliveries / ((last - start) / 1e9);
        }
    }

    /** The same POSTs from a plain client, 4 in flight: what the fake takes on this machine. */
    private double rawPosts(int deliveries) throws Exception {
        byte[] body = outbound("raw", "raw");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            workers.add(pool.submit(() -> {
                while (next.getAndIncrement() < deliveries) {
                    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:18482/raw"))
                            .header("Content-Type", "application/cloudevents+json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.discarding());
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        return deliveries / ((System.nanoTime() - start) / 1e9);
    }

    /** Replies through the gateway: ms from the 202 to the fake receiving each. */
    private Percentiles replies(int replies) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < CONVERSATIONS; i++) {
            String conversation = "bench-reply-" + run + "-c" + i;
            conversations.add(conversation);
            HttpResponse<String> accepted = call("POST", "/api/v1/ingest/events", "bench-channel-key",
                    "application/cloudevents+json",
                    """
                            {"specversion": "1.0", "id": "evt-%s", "source": "/bench", "type": "inbox.message.created", "time": "%s",
                             "data": {"workspaceId": "bench", "botId": "bench-bot", "channel": "web", "conversationId": "%s",
                             "messageId": "m-1", "sender": {"role": "visitor", "id": "v-1"}, "text": "I need a person"}}"""
                            .formatted(UUID.randomUUID(), Instant.now(), conversation));
            if (accepted.statusCode() != 202) {
                throw new IllegalStateException("ingest answered " + accepted.statusCode() + ": " + accepted.body());
            }
        }
        for (String conversation : conversations) {
            long deadline = System.currentTimeMillis() + 120_000;
            while (call("POST", "/api/v1/conversations/" + conversation + "/takeover", "bench-agent-key", null, null)
                    .statusCode() != 200) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("cannot take over " + conversation);
                }
                Thread.sleep(200);
            }
        }
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(CONVERSATIONS);
        List<Future<?>> agents = new ArrayList<>();
        for (String conversation : conversations) {
            agents.add(pool.submit(() -> {
                for (int r = 0; r < replies / CONVERSATIONS; r++) {
                    HttpResponse<String> answer = call("POST", "/api/v1/conversations/" + conversation + "/messages",
                            "bench-agent-key", "application/json", "{\"text\": \"reply " + r + "\"}");
                    long accepted = System.nanoTime();
                    if (answer.statusCode() != 202) {
                        throw new IllegalStateException("reply answered " + answer.statusCode() + ": " + answer.body());
                    }
                    String messageId = answer.body().replaceAll(".*\"messageId\"\\s*:\\s*\"([^\"]+)\".*", "$1");
                    long deadline = System.currentTimeMillis() + 60_000;
                    Long at;
                    while ((at = byMessage.get(messageId)) == null) {
                        if (System.currentTimeMillis() > deadline) {
                            throw new IllegalStateException("reply " + messageId + " never arrived");
                        }
                        Thread.sleep(1);
                    }
                    latencies.add((at - accepted) / 1e6);
                }
                return null;
            }));
        }
        for (Future<?> agent : agents) {
            agent.get();
        }
        pool.shutdown();
        return Percentiles.of(latencies);
    }

    private static byte[] outbound(String id, String conversation) {
        return """
                {"specversion": "1.0", "id": "%s", "source": "/bench", "type": "inbox.outbound.requested", "time": "%s",
                 "data": {"workspaceId": "bench", "botId": "bench-bot", "channel": "web", "conversationId": "%s",
                 "kind": "message", "messageId": "m-%s", "text": "Hello from the bench", "agentId": "bench"}}"""
                .formatted(id, Instant.now(), conversation, id).getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> call(String method, String path, String key, String type, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).header("X-API-Key", key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
