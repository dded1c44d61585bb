package org.chatinbox.bench.report;

/**
 * One measured figure of a run beside its baseline: the same work done by the raw store or client, or by what users would pick
 * instead. Without a baseline the figure stands alone.
 *
 * @param higherIsBetter
 *            throughput (true) or latency and cost (false): says which way the ratio reads
 */
public record Figure(String stage, String name, double value, String unit, String baselineName, Double baseline,
        boolean higherIsBetter) {

    public static Figure of(String stage, String name, double value, String unit, boolean higherIsBetter) {
        return new Figure(stage, name, value, unit, null, null, higherIsBetter);
    }

    public Figure against(String baselineName, double baseline) {
        return new Figure(stage, name, value, unit, baselineName, baseline, higherIsBetter);
    }

    /** The figure as a share of its baseline (1.0: as fast as the raw ceiling), or null without one. */
    public Double ratio() {
        return baseline == null || baseline == 0 ? null : value / baseline;
    }
}
