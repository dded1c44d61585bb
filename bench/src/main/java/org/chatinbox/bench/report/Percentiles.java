package org.chatinbox.bench.report;

import java.util.Arrays;
import java.util.Collection;

/** Latency percentiles of a set of samples (nearest rank), in the samples' unit. */
public record Percentiles(int count, double p50, double p95, double p99, double max) {

    public static Percentiles of(Collection<Double> samples) {
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return of(sorted);
    }

    public static Percentiles of(double[] sorted) {
        if (sorted.length == 0) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] s = sorted.clone();
        Arrays.sort(s);
        return new Percentiles(s.length, rank(s, 50), rank(s, 95), rank(s, 99), s[s.length - 1]);
    }

    private static double rank(double[] sorted, double p) {
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
