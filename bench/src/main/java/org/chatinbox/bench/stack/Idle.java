package org.chatinbox.bench.stack;

import java.time.Duration;

/** Waits for the stack to be idle again (its consumers drained), so that the next measurement runs on a quiet machine. */
public final class Idle {

    /** Below this share of one core over a window, the stack is idle: its own housekeeping is ~20% on two cores. */
    static final double IDLE_CORES = 0.45;
    static final Duration WINDOW = Duration.ofSeconds(3);

    private Idle() {
    }

    /** Returns the seconds it took, or -1 when the stack was still busy after {@code atMost}. */
    public static double await(StackProcesses processes, Duration atMost) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            double before = processes.cpuSeconds();
            Thread.sleep(WINDOW.toMillis());
            if ((processes.cpuSeconds() - before) / WINDOW.toSeconds() < IDLE_CORES) {
                return (System.nanoTime() - start) / 1e9;
            }
        }
        return -1;
    }
}
