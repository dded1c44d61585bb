import java.io.IOException;
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

import com.sun.net.httpserver.HttpServer;

/**
 * ingest-service's outbound half, against a running local stack and a fast fake bot callback on 127.0.0.1:18482 (the local
 * profile's callback of workspace bench):
 * <ol>
 * <li>deliveries per second: BENCH_DELIVERIES outbound replies put on inbox.outbound at once (as handoff-service does), timed
 * until the fake has received every one; beside it the same POSTs from a plain HTTP client with as many calls in flight as a
 * lane allows (4), the ceiling of the fake on this machine;</li>
 * <li>from the agent's 202 to the fake receiving the reply: BENCH_REPLIES replies through the gateway by the bench agent, on
 * conversations it took over, one at a time per conversation: p50/p99.</li>
 * </ol>
 */
public class OutboundBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String GATEWAY = "http://127.0.0.1:8080";
    static final String KAFKA = "127.0.0.1:9092";
    static final int DELIVERIES = Integer.parseInt(System.getenv().getOrDefault("BENCH_DELIVERIES", "5000"));
    static final int REPLIES = Integer.parseInt(System.getenv().getOrDefault("BENCH_REPLIES", "300"));
    static final int CONVERSATIONS = Integer.parseInt(System.getenv().getOrDefault("BENCH_CONVERSATIONS", "10"));

    static final Map<String, Long> received = new ConcurrentHashMap<>();
    static final AtomicInteger calls = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        HttpServer fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 18482), 200);
        fake.setExecutor(Executors.newFixedThreadPool(16));
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
            calls.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        fake.start();
        try {
            throughput();
            rawBaseline();
            replies();
        } finally {
            fake.stop(0);
        }
    }

    /** Outbound events on Kafka all at once; the time until the fake has every one. */
    static void throughput() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(),
                new ByteArraySerializer())) {
            long start = System.nanoTime();
            List<Future<?>> acks = new ArrayList<>();
            for (int i = 0; i < DELIVERIES; i++) {
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
            double seconds = (last - start) / 1e9;
            System.out.printf("deliveries: %d to one callback in %.1f s = %.0f deliveries/s (4 in flight per lane)%n", DELIVERIES,
                    seconds, DELIVERIES / seconds);
        }
    }

    /** The same POSTs from a plain client, 4 in flight: what the fake takes on this machine. */
    static void rawBaseline() throws Exception {
        byte[] body = outbound("raw", "raw");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            workers.add(pool.submit(() -> {
                while (next.getAndIncrement() < DELIVERIES) {
                    HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:18482/raw"))
                            .header("Content-Type", "application/cloudevents+json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("raw client, 4 in flight: %d POSTs in %.1f s = %.0f/s%n", DELIVERIES, seconds, DELIVERIES / seconds);
    }

    /** Replies through the gateway: from the 202 to the fake receiving it. */
    static void replies() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < CONVERSATIONS; i++) {
            String conversation = "bench-reply-" + run + "-c" + i;
            conversations.add(conversation);
            expect(202, "POST", "/api/v1/ingest/events", "X-API-Key", "bench-channel-key", "application/cloudevents+json", """
                    {"specversion": "1.0", "id": "evt-%s", "source": "/bench", "type": "inbox.message.created", "time": "%s",
                     "data": {"workspaceId": "bench", "botId": "bench-bot", "channel": "web", "conversationId": "%s",
                     "messageId": "m-1", "sender": {"role": "visitor", "id": "v-1"}, "text": "I need a person"}}"""
                    .formatted(UUID.randomUUID(), Instant.now(), conversation));
        }
        for (String conversation : conversations) {
            long deadline = System.currentTimeMillis() + 120_000;
            while (call("POST", "/api/v1/conversations/" + conversation + "/takeover", "X-API-Key", "bench-agent-key", null,
                    null).statusCode() != 200) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("cannot take over " + conversation);
                }
                Thread.sleep(200);
            }
        }
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(CONVERSATIONS);
        List<Future<?>> agents = new ArrayList<>();
        for (String conversation : conversations) {
            agents.add(pool.submit(() -> {
                for (int r = 0; r < REPLIES / CONVERSATIONS; r++) {
                    HttpResponse<String> answer = call("POST", "/api/v1/conversations/" + conversation + "/messages",
                            "X-API-Key", "bench-agent-key", "application/json", "{\"text\": \"reply " + r + "\"}");
                    long accepted = System.nanoTime();
                    if (answer.statusCode() != 202) {
                        throw new IllegalStateException("reply answered " + answer.statusCode() + ": " + answer.body());
                    }
                    String messageId = answer.body().replaceAll(".*\"messageId\"\\s*:\\s*\"([^\"]+)\".*", "$1");
                    long deadline = System.currentTimeMillis() + 60_000;
                    Long at;
                    while ((at = receivedMessage(messageId)) == null) {
                        if (System.currentTimeMillis() > deadline) {
                            throw new IllegalStateException("reply " + messageId + " never arrived");
                        }
                        Thread.sleep(1);
                    }
                    latencies.add(at - accepted);
                }
                return null;
            }));
        }
        for (Future<?> agent : agents) {
            agent.get();
        }
        pool.shutdown();
        Collections.sort(latencies);
        System.out.printf("agent's 202 -> callback received, %d replies on %d conversations: p50 %.1f ms  p99 %.1f ms  max %.1f ms%n",
                latencies.size(), CONVERSATIONS, at(latencies, 0.50), at(latencies, 0.99),
                latencies.get(latencies.size() - 1) / 1e6);
    }

    static final Map<String, Long> byMessage = new ConcurrentHashMap<>();
    static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\":\"([^\"]+)\"");

    /** When the fake received the reply with this message id (its body names it). */
    static Long receivedMessage(String messageId) {
        return byMessage.get(messageId);
    }

    static byte[] outbound(String id, String conversation) {
        return """
                {"specversion": "1.0", "id": "%s", "source": "/bench", "type": "inbox.outbound.requested", "time": "%s",
                 "data": {"workspaceId": "bench", "botId": "bench-bot", "channel": "web", "conversationId": "%s",
                 "kind": "message", "messageId": "m-%s", "text": "Hello from the bench", "agentId": "bench"}}"""
                .formatted(id, Instant.now(), conversation, id).getBytes(StandardCharsets.UTF_8);
    }

    static void expect(int status, String method, String path, String header, String value, String type, String body)
            throws Exception {
        HttpResponse<String> answer = call(method, path, header, value, type, body);
        if (answer.statusCode() != status) {
            throw new IllegalStateException(path + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    static HttpResponse<String> call(String method, String path, String header, String value, String type, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(GATEWAY + path)).header(header, value)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static double at(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1)) / 1e6;
    }
}
