package org.chatinbox.bench.stage;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.chatinbox.bench.data.Traffic;
import org.chatinbox.bench.report.Figure;
import org.chatinbox.bench.report.Percentiles;
import org.chatinbox.bench.report.Series;

/**
 * Accepted events per second through ingest's API (batches of 100 from 8 clients; single events from 32) against Kafka's own
 * {@code ProducerPerformance} on the same broker, same record size, {@code acks=all} and ingest's producer settings. The path
 * measured is channel → ingest → Kafka: the topic's consumers are stopped during the runs (they would take the same two cores
 * catching up) and the stack is left to drain before the next stage. Measurement and baseline alternate; medians reported.
 */
public final class IngestStage implements Stage {

    static final String KEY = "bench-channel-key";
    /**
     * Events one batched run sends at most: every accepted event is stored by four read models afterwards, and a full run's
     * unbounded batches left ~1.6M events for them (most of an hour on two cores).
     */
    static final long BATCHED_AT_MOST = 150_000;
    static final List<String> CONSUMERS = List.of("conversation-service", "search-service", "handoff-service",
            "summary-service", "gateway");

    @Override
    public String name() {
        return "ingest";
    }

    @Override
    public Result run(Settings settings) throws Exception {
        HttpClient http = Settings.http();
        String endpoint = settings.ingest() + "/api/v1/ingest/events";
        int recordSize = new Traffic(settings.dialogues()).next().getBytes(StandardCharsets.UTF_8).length;
        List<Double> batched = new ArrayList<>();
        List<Double> single = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        List<Double> batchedLatency = new ArrayList<>();
        List<Double> singleLatency = new ArrayList<>();
        Series rates = new Series("Ingest: accepted events per second, each repeat", "repeat", "events/s");
        settings.processes().pause(CONSUMERS);
        try {
            // a service just started runs interpreted for a while: measure once the JIT has compiled the hot path (single
            // events warm it with a twentieth of the events batches would leave for the consumers to drain)
            send(http, settings, endpoint, 32, 1, settings.full() ? 20 : 5, Long.MAX_VALUE, new ArrayList<>());
            for (int i = 0; i < settings.repeats(); i++) {
                batched.add(send(http, settings, endpoint, 8, 100, settings.seconds(), BATCHED_AT_MOST, batchedLatency));
                raw.add(producerPerformance(settings.kafkaLibs(), recordSize, settings.full() ? 500_000 : 200_000));
                single.add(send(http, settings, endpoint, 32, 1, settings.seconds(), Long.MAX_VALUE, singleLatency));
                rates.add("batched ingest", i + 1, batched.get(i)).add("single events", i + 1, single.get(i))
                        .add("raw producer", i + 1, raw.get(i));
            }
        } finally {
            settings.processes().resume(CONSUMERS);
        }
        double rawMedian = median(raw);
        Result result = Result.empty();
        String baseline = "Kafka ProducerPerformance (acks=all, lz4, linger 5 ms, " + recordSize + "-byte records)";
        result.figures().add(Figure.of(name(), "batched (100 per request, 8 clients)", median(batched), "events/s", true)
                .against(baseline, rawMedian));
        result.figures().add(Figure.of(name(), "single events (32 clients)", median(single), "events/s", true)
                .against(baseline, rawMedian));
        Percentiles b = Percentiles.of(batchedLatency);
        Percentiles s = Percentiles.of(singleLatency);
        result.figures().add(Figure.of(name(), "batch request p50", b.p50(), "ms", false));
        result.figures().add(Figure.of(name(), "batch request p99", b.p99(), "ms", false));
        result.figures().add(Figure.of(name(), "single request p50", s.p50(), "ms", false));
        result.figures().add(Figure.of(name(), "single request p99", s.p99(), "ms", false));
        result.lines().add(rates);
        result.notes().add("Consumers stopped during the runs: " + String.join(", ", CONSUMERS) + "; " + settings.repeats()
                + " repeat(s) of " + settings.seconds() + " s each, alternated with the raw producer.");
        return result;
    }

    /**
     * Sends for {@code seconds} (or {@code atMost} events) from {@code clients} threads; returns accepted events per second,
     * adds request latencies (ms).
     */
    static double send(HttpClient http, Settings settings, String endpoint, int clients, int batch, int seconds, long atMost,
            List<Double> latencies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicLong accepted = new AtomicLong();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        String type = batch == 1 ? "application/cloudevents+json" : "application/cloudevents-batch+json";
        List<Future<List<Double>>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                Traffic traffic = new Traffic(settings.dialogues());
                List<Double> own = new ArrayList<>();
                while (System.nanoTime() < deadline && accepted.get() < atMost) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint)).header("X-API-Key", KEY)
                            .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(traffic.batch(batch)))
                            .build();
                    long sent = System.nanoTime();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 202) {
                        throw new IllegalStateException("ingest answered " + response.statusCode() + ": " + response.body());
                    }
                    own.add((System.nanoTime() - sent) / 1e6);
                    accepted.addAndGet(batch);
                }
                return own;
            }));
        }
        for (Future<List<Double>> f : futures) {
            latencies.addAll(f.get());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return accepted.get() / elapsed;
    }

    /** Kafka's ProducerPerformance with ingest's producer settings, on a topic of 12 partitions like inbox.messages. */
    static double producerPerformance(Path kafkaLibs, int recordSize, int records) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = kafkaLibs.toAbsolutePath() + "/*";
        String topic = "bench.raw";
        exec(List.of(java, "-cp", classpath, "org.apache.kafka.tools.TopicCommand", "--bootstrap-server", "127.0.0.1:9092",
                "--create", "--if-not-exists", "--topic", topic, "--partitions", "12", "--replication-factor", "1"));
        String last = exec(List.of(java, "-Xmx512m", "-cp", classpath, "org.apache.kafka.tools.ProducerPerformance", "--topic",
                topic, "--num-records", Integer.toString(records), "--record-size", Integer.toString(recordSize),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=127.0.0.1:9092", "acks=all", "linger.ms=5",
                "batch.size=131072", "compression.type=lz4"));
        exec(List.of(java, "-cp", classpath, "org.apache.kafka.tools.TopicCommand", "--bootstrap-server", "127.0.0.1:9092",
                "--delete", "--topic", topic));
        // "500000 records sent, 61012.8 records/sec (35.17 MB/sec), 410.2 ms avg latency, ..."
        return Double.parseDouble(last.split(" records/sec")[0].replaceAll(".*, ", ""));
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

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
