package org.chatinbox.bench.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Java Flight Recordings of the services while a stage runs ({@code jcmd JFR.start} with the {@code default} settings, about 1%
 * overhead: an execution sample every 20 ms), read back as the methods where each service spent its samples: the evidence
 * behind "where the time goes".
 */
public final class Profiles {

    public static final List<String> SERVICES = List.of("gateway", "ingest-service", "conversation-service", "search-service",
            "handoff-service", "summary-service");

    /**
     * One hot spot: a service, the suite's own method on the sampled stacks (the innermost one; the library's package when
     * none), the method on top most often under it, and its share of the service's samples.
     */
    public record HotSpot(String service, String method, String top, long samples, double shareOfService) {
    }

    private final StackProcesses processes;
    private final Path dir;
    private final List<String> recording = new ArrayList<>();

    public Profiles(StackProcesses processes, Path dir) {
        this.processes = processes;
        this.dir = dir;
    }

    public void start() throws Exception {
        Files.createDirectories(dir);
        // execution samples only, every 10 ms of a running thread: the evidence needed, at little cost
        Path settings = dir.resolve("samples.jfc");
        Files.writeString(settings,
                """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <configuration version="2.0" label="bench">
                          <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">10 ms</setting></event>
                        </configuration>
                        """);
        for (String service : SERVICES) {
            OptionalLong pid = processes.pid(service);
            if (pid.isPresent() && jcmd(pid.getAsLong(), "JFR.start", "name=bench", "settings=" + settings) == 0) {
                recording.add(service);
            }
        }
    }

    /** Stops the recordings and returns each service's hot spots, most samples first. */
    public List<HotSpot> stop() throws Exception {
        List<HotSpot> spots = new ArrayList<>();
        for (String service : recording) {
            Path file = dir.resolve(service + ".jfr");
            long pid = processes.pid(service).orElseThrow();
            jcmd(pid, "JFR.stop", "name=bench", "filename=" + file.toAbsolutePath());
            if (Files.exists(file)) {
                spots.addAll(hotSpots(service, file));
            }
        }
        recording.clear();
        spots.sort(Comparator.comparingLong(HotSpot::samples).reversed());
        return spots;
    }

    /** A service's execution samples counted by the innermost frame of the suite's own code (inclusive time). */
    static List<HotSpot> hotSpots(String service, Path file) throws IOException {
        Map<String, long[]> counts = new HashMap<>();
        Map<String, Map<String, long[]>> tops = new HashMap<>();
        long total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
                    || event.getStackTrace().getFrames().isEmpty()) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            String top = name(frames.get(0));
            String ours = frames.stream().map(Profiles::name).filter(n -> n.startsWith("org.chatinbox.")).findFirst()
                    .orElse("(framework) " + framework(frames));
            counts.computeIfAbsent(ours, k -> new long[1])[0]++;
            tops.computeIfAbsent(ours, k -> new HashMap<>()).computeIfAbsent(top, k -> new long[1])[0]++;
            total++;
        }
        long all = total;
        return counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(5)
                .map(e -> new HotSpot(service, e.getKey(), tops.get(e.getKey()).entrySet().stream()
                        .max((a, b) -> Long.compare(a.getValue()[0], b.getValue()[0])).orElseThrow().getKey(),
                        e.getValue()[0], e.getValue()[0] / (double) all))
                .toList();
    }

    /** The library a sample is in: the package of its innermost frame outside the JDK, e.g. io.netty.channel.nio. */
    private static String framework(List<RecordedFrame> frames) {
        String type = frames.stream().map(f -> f.getMethod().getType().getName())
                .filter(t -> !t.startsWith("java.") && !t.startsWith("jdk.") && !t.startsWith("sun.")).findFirst()
                .orElse(frames.get(0).getMethod().getType().getName());
        return type.contains(".") ? type.substring(0, type.lastIndexOf('.')) : type;
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static int jcmd(long pid, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("jcmd", Long.toString(pid)));
        args.addAll(List.of(command));
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }
}
