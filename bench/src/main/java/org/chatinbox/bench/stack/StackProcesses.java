package org.chatinbox.bench.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The processes of a running local stack ({@code deploy/local/inbox up}), by component, as its pid files name them: what a
 * stage pauses, and whose CPU time and memory the footprint reads from {@code /proc} (each component with its child processes,
 * such as PostgreSQL's backends).
 */
public final class StackProcesses {

    public static final List<String> COMPONENTS = List.of("gateway", "ingest-service", "conversation-service",
            "search-service", "handoff-service", "summary-service", "kafka", "postgres", "elasticsearch");
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
    private static final long PAGE = 4096;

    private final Path runDir;

    public StackProcesses(Path inboxDir) {
        this.runDir = inboxDir.resolve("run");
    }

    /** The component's main process, when it runs. */
    public OptionalLong pid(String component) {
        try {
            String line = Files.readString(runDir.resolve(component + ".pid")).trim();
            long pid = Long.parseLong(line.split("\\s+")[0]);
            return Files.isDirectory(Path.of("/proc", Long.toString(pid))) ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Stops ({@code SIGSTOP}) the components until {@link #resume}: the two cores go to what is measured. */
    public void pause(List<String> components) {
        components.forEach(c -> pid(c).ifPresent(pid -> signal(pid, "STOP")));
    }

    public void resume(List<String> components) {
        components.forEach(c -> pid(c).ifPresent(pid -> signal(pid, "CONT")));
    }

    /** CPU seconds (user and system) and resident bytes of each running component with its descendants, now. */
    public Map<String, Usage> usage() {
        Map<Long, Long> parents = new HashMap<>();
        Map<Long, Usage> own = new HashMap<>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    // the command may hold spaces and parentheses: the fields start after the last ')'
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long pid = Long.parseLong(name);
                    parents.put(pid, Long.parseLong(f[1]));
                    double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) TICKS_PER_SECOND;
                    long rss = Long.parseLong(f[21]) * PAGE;
                    own.put(pid, new Usage(cpu, rss));
                } catch (IOException | RuntimeException gone) {
                    // the process ended while listed
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        Map<String, Usage> usage = new LinkedHashMap<>();
        for (String component : COMPONENTS) {
            OptionalLong root = pid(component);
            if (root.isEmpty()) {
                continue;
            }
            double cpu = 0;
            long rss = 0;
            for (long pid : own.keySet()) {
                if (descends(pid, root.getAsLong(), parents)) {
                    cpu += own.get(pid).cpuSeconds();
                    rss += own.get(pid).rssBytes();
                }
            }
            usage.put(component, new Usage(cpu, rss));
        }
        return usage;
    }

    private static boolean descends(long pid, long root, Map<Long, Long> parents) {
        for (long p = pid, hops = 0; p > 1 && hops < 64; p = parents.getOrDefault(p, 0L), hops++) {
            if (p == root) {
                return true;
            }
        }
        return false;
    }

    private static void signal(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a component used: CPU seconds since it started, memory resident now. */
    public record Usage(double cpuSeconds, long rssBytes) {
    }

    /** CPU seconds of the whole stack so far, every process with its children. */
    public double cpuSeconds() {
        return usage().values().stream().mapToDouble(Usage::cpuSeconds).sum();
    }

    /** Components that run, in order. */
    public List<String> running() {
        List<String> running = new ArrayList<>();
        COMPONENTS.forEach(c -> pid(c).ifPresent(p -> running.add(c)));
        return running;
    }
}
