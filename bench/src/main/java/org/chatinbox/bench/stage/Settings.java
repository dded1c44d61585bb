package org.chatinbox.bench.stage;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;

import org.chatinbox.bench.data.Dialogues;
import org.chatinbox.bench.stack.StackProcesses;

/**
 * What every stage measures against: the local stack's URLs and processes, the run's size ({@code --quick}: small sizes;
 * {@code --full}: longer runs, repeated), and the dialogues it sends.
 *
 * @param seconds
 *            how long one measured throughput run lasts
 * @param steadySeconds
 *            how long the steady rate lasts
 * @param repeats
 *            how often a measurement and its baseline are repeated, alternated (the median is reported)
 * @param rate
 *            the steady rate of single messages the freshness stage sends, per second
 */
public record Settings(Path root, Path inboxDir, String gateway, String ingest, boolean full, int seconds, int steadySeconds,
        int repeats, int rate, StackProcesses processes, Dialogues dialogues) {

    /** HTTP/1.1 as channels and browsers mostly speak it; one client per stage. */
    public static HttpClient http() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public Path kafkaLibs() {
        return root.resolve("local-stack/distributions/target/stack-dist/kafka");
    }
}
