package org.chatinbox.bench.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.chatinbox.bench.report.Series;
import org.chatinbox.bench.stack.StackProcesses.Usage;

/**
 * Every process's CPU and memory over a run, sampled each second: CPU seconds used per component, the peak of its resident
 * memory, the share of a core it used second by second, and how much of the machine stayed idle.
 */
public final class Footprint implements AutoCloseable {

    private final StackProcesses processes;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "footprint");
        t.setDaemon(true);
        return t;
    });
    private final Series cpu = new Series("CPU per component over the run", "seconds into the run", "% of one core");
    private final Series memory = new Series("Resident memory per component over the run", "seconds into the run", "MiB");
    private final Map<String, Usage> first;
    private final Map<String, Long> peakRss = new LinkedHashMap<>();
    private final long[] machineFirst;
    private final long startNanos = System.nanoTime();
    private Map<String, Usage> previous;
    private Map<String, Usage> last;
    private long[] machineLast;

    public Footprint(StackProcesses processes) {
        this.processes = processes;
        this.first = processes.usage();
        this.previous = first;
        this.last = first;
        this.machineFirst = machine();
        this.machineLast = machineFirst;
        sampler.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
    }

    private synchronized void sample() {
        Map<String, Usage> now = processes.usage();
        double t = (System.nanoTime() - startNanos) / 1e9;
        now.forEach((component, usage) -> {
            Usage before = previous.get(component);
            if (before != null) {
                cpu.add(component, t, Math.max(0, 100 * (usage.cpuSeconds() - before.cpuSeconds())));
            }
            memory.add(component, t, usage.rssBytes() / 1048576.0);
            peakRss.merge(component, usage.rssBytes(), Math::max);
        });
        previous = now;
        last = now;
        machineLast = machine();
    }

    /** CPU seconds each component used since the footprint began. */
    public synchronized Map<String, Double> cpuSeconds() {
        Map<String, Double> used = new LinkedHashMap<>();
        last.forEach((component, usage) -> {
            Usage before = first.get(component);
            used.put(component, usage.cpuSeconds() - (before == null ? 0 : before.cpuSeconds()));
        });
        return used;
    }

    public synchronized Map<String, Long> peakRssBytes() {
        return new LinkedHashMap<>(peakRss);
    }

    /** The share of the machine's CPU time that stayed idle since the footprint began (0..1). */
    public synchronized double idleShare() {
        long total = machineLast[0] - machineFirst[0];
        return total == 0 ? Double.NaN : (machineLast[1] - machineFirst[1]) / (double) total;
    }

    public Series cpuSeries() {
        return cpu;
    }

    public Series memorySeries() {
        return memory;
    }

    /** All CPU ticks of the machine and its idle ones (idle and iowait), from /proc/stat. */
    private static long[] machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[]{total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
        } catch (IOException e) {
            return new long[]{0, 0};
        }
    }

    @Override
    public void close() {
        sample();
        sampler.shutdownNow();
    }
}
