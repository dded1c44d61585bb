import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accepted events per second through POST /api/v1/ingest/events (batches of 100; single events from 32 clients) against
 * Kafka's own ProducerPerformance on the same broker, same record size, acks=all. Runs against a running local stack
 * (deploy/local/inbox up); started by bench/ingest. Events go to workspace "bench" of the local profile.
 */
public class IngestBench {

    static final String KEY = System.getenv().getOrDefault("BENCH_KEY", "bench-channel-key");
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "http://127.0.0.1:8081";
        Path kafkaLibs = Path.of(args.length > 1 ? args[1] : "local-stack/distributions/target/stack-dist/kafka");
        int seconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "20"));
        String endpoint = url + "/api/v1/ingest/events";
        int recordSize = event(UUID.randomUUID().toString()).getBytes(StandardCharsets.UTF_8).length;

        System.out.printf("ingest bench: %s, %d s per run, event of %d bytes%n", endpoint, seconds, recordSize);
        // the path measured is channel -> ingest -> Kafka, as for the raw producer: the services that consume the topic
        // (and would take the same two cores while they catch up) are stopped during the runs and resumed at the end
        List<Long> consumers = new ArrayList<>();
        for (String consumer : System.getenv().getOrDefault("BENCH_PAUSE", "conversation-service,search-service,gateway").split(",")) {
            if (!consumer.isBlank()) {
                consumers.add(pid(consumer.trim()));
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> consumers.forEach(pid -> signal(pid, "CONT"))));
        consumers.forEach(pid -> signal(pid, "STOP"));
        // a service just started runs interpreted for a while: measure it once the JIT has compiled the hot path
        run("warm-up", endpoint, 8, 100, Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP", "20")));
        Result batched = run("batches of 100, 8 clients", endpoint, 8, 100, seconds);
        Result single = run("single events, 32 clients", endpoint, 32, 1, seconds);
        double rawDefault = producerPerformance(kafkaLibs, recordSize, "");
        double rawTuned = producerPerformance(kafkaLibs, recordSize,
                " linger.ms=5 batch.size=131072 compression.type=lz4");
        double raw = Math.max(rawDefault, rawTuned);
        System.out.println();
        System.out.printf("%-44s %10s %10s %10s%n", "", "events/s", "p50 ms", "p99 ms");
        System.out.printf("%-44s %10.0f %10.1f %10.1f%n", "ingest, " + batched.name, batched.eventsPerSecond, batched.p50,
                batched.p99);
        System.out.printf("%-44s %10.0f %10.1f %10.1f%n", "ingest, " + single.name, single.eventsPerSecond, single.p50,
                single.p99);
        System.out.printf("%-44s %10.0f%n", "raw producer, defaults", rawDefault);
        System.out.printf("%-44s %10.0f%n", "raw producer, ingest's settings", rawTuned);
        System.out.printf("batched ingest at %.0f%% of the raw producer (target: >= 50%%)%n",
                100 * batched.eventsPerSecond / raw);
    }

    static long pid(String component) throws java.io.IOException {
        String dir = System.getenv().getOrDefault("INBOX_DIR", ".inbox");
        return Long.parseLong(java.nio.file.Files.readString(Path.of(dir, "run", component + ".pid")).trim().split("\\s+")[0]);
    }

    static void signal(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    record Result(String name, double eventsPerSecond, double p50, double p99) {
    }

    static Result run(String name, String endpoint, int clients, int batchSize, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicLong accepted = new AtomicLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Future<long[]>> latencies = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            latencies.add(pool.submit(() -> {
                long[] samples = new long[1 << 20];
                int n = 0;
                while (System.nanoTime() < deadline) {
                    HttpRequest request = request(endpoint, batchSize);
                    long sent = System.nanoTime();
                    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 202) {
                        throw new IllegalStateException(response.statusCode() + " " + response.body());
                    }
                    if (n < samples.length) {
                        samples[n++] = System.nanoTime() - sent;
                    }
                    accepted.addAndGet(batchSize);
                }
                return Arrays.copyOf(samples, n);
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<long[]> f : latencies) {
            for (long l : f.get()) {
                all.add(l);
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        all.sort(null);
        Result result = new Result(name, accepted.get() / elapsed, percentile(all, 0.50), percentile(all, 0.99));
        System.out.printf("  %-30s %8.0f events/s  p50 %.1f ms  p99 %.1f ms  (%d requests)%n", name,
                result.eventsPerSecond, result.p50, result.p99, all.size());
        return result;
    }

    static double percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1e6;
    }

    static HttpRequest request(String endpoint, int batchSize) {
        String conversation = "bench-" + ThreadLocalRandom.current().nextInt(100_000);
        String time = Instant.now().toString();
        StringBuilder body = new StringBuilder(batchSize * 700 + 2);
        if (batchSize > 1) {
            body.append('[');
        }
        for (int i = 0; i < batchSize; i++) {
            appendEvent(body.append(i == 0 ? "" : ","), conversation, time);
        }
        if (batchSize > 1) {
            body.append(']');
        }
        String type = batchSize == 1 ? "application/cloudevents+json" : "application/cloudevents-batch+json";
        return HttpRequest.newBuilder(URI.create(endpoint)).header("X-API-Key", KEY).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toString().getBytes(StandardCharsets.UTF_8))).build();
    }

    /** A visitor message as a web widget sends it, with a real user agent to classify. */
    static final String EVENT = """
            {"specversion":"1.0","id":"%s","source":"/channels/web","type":"inbox.message.created","time":"%s",\
            "data":{"workspaceId":"bench","botId":"support-bot","channel":"web","conversationId":"%s",\
            "messageId":"%s","sender":{"role":"visitor","id":"v-1","name":"Dana"},\
            "text":"I would like to change the delivery address of my last order, it is going to the old flat",\
            "session":{"ip":"203.0.113.7","userAgent":"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) \
            AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1","locale":"en-GB"}}}""";

    /** The event's text around its four values: the load generator shares the two cores, so it must cost little. */
    static final String[] EVENT_PARTS = EVENT.split("%s", -1);

    static String event(String conversation) {
        return appendEvent(new StringBuilder(700), conversation, Instant.now().toString()).toString();
    }

    static StringBuilder appendEvent(StringBuilder out, String conversation, String time) {
        return out.append(EVENT_PARTS[0]).append(randomId()).append(EVENT_PARTS[1]).append(time).append(EVENT_PARTS[2])
                .append(conversation).append(EVENT_PARTS[3]).append(randomId()).append(EVENT_PARTS[4]);
    }

    /** A random UUID without the shared SecureRandom of UUID.randomUUID(), whose lock the 32 clients would queue on. */
    static String randomId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    /** Kafka's ProducerPerformance, 500,000 records of the same size, acks=all, on a topic of 12 partitions. */
    static double producerPerformance(Path kafkaLibs, int recordSize, String extraProps) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = kafkaLibs.toAbsolutePath() + "/*";
        String topic = "bench.raw";
        exec(List.of(java, "-cp", classpath, "org.apache.kafka.tools.TopicCommand", "--bootstrap-server", "127.0.0.1:9092",
                "--create", "--if-not-exists", "--topic", topic, "--partitions", "12", "--replication-factor", "1"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", classpath,
                "org.apache.kafka.tools.ProducerPerformance", "--topic", topic, "--num-records", "500000", "--record-size",
                Integer.toString(recordSize), "--throughput", "-1", "--producer-props", "bootstrap.servers=127.0.0.1:9092",
                "acks=all"));
        command.addAll(Arrays.asList(extraProps.trim().isEmpty() ? new String[0] : extraProps.trim().split(" ")));
        String last = exec(command);
        exec(List.of(java, "-cp", classpath, "org.apache.kafka.tools.TopicCommand", "--bootstrap-server", "127.0.0.1:9092",
                "--delete", "--topic", topic));
        // "500000 records sent, 61012.8 records/sec (35.17 MB/sec), 410.2 ms avg latency, ..."
        double recordsPerSecond = Double.parseDouble(last.split(" records/sec")[0].replaceAll(".*, ", ""));
        System.out.printf("  raw producer%s: %s%n", extraProps.isEmpty() ? "" : " (" + extraProps.trim() + ")", last);
        return recordsPerSecond;
    }

    static String exec(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String last = "";
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.contains("records sent")) {
                    last = line;
                }
            }
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", command));
        }
        return last;
    }
}
