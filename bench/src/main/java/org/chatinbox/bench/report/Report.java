package org.chatinbox.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's results folder: {@code report.md} (machine, versions, settings, every figure beside its baseline and the ratio, the
 * footprint, the charts), {@code figures.csv} to compare two runs, and the PNG charts.
 */
public final class Report {

    private final Path dir;
    private final List<String> sections = new ArrayList<>();
    private final List<Figure> figures = new ArrayList<>();
    private int charts;

    public Report(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    public Path dir() {
        return dir;
    }

    public void head(String title, Map<String, String> machine, Map<String, String> settings) {
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n| | |\n|---|---|\n");
        machine.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        settings.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        sections.add(md.toString());
    }

    /** A stage's figures as a table, its notes and its charts. */
    public void stage(String name, List<Figure> stageFigures, List<Series> lines, List<String> notes) throws IOException {
        figures.addAll(stageFigures);
        StringBuilder md = new StringBuilder("## ").append(name).append("\n\n");
        notes.forEach(n -> md.append(n).append("\n\n"));
        md.append("| figure | value | baseline | baseline value | ratio |\n|---|---:|---|---:|---:|\n");
        for (Figure f : stageFigures) {
            md.append("| ").append(f.name()).append(" | ").append(value(f.value(), f.unit())).append(" | ")
                    .append(f.baselineName() == null ? "" : f.baselineName()).append(" | ")
                    .append(f.baseline() == null ? "" : value(f.baseline(), f.unit())).append(" | ")
                    .append(ratio(f)).append(" |\n");
        }
        for (Series series : lines) {
            md.append("\n").append(chart(series)).append("\n");
        }
        sections.add(md.toString());
    }

    /** Every process's CPU seconds and peak memory over the run, and what stayed idle. */
    public void footprint(Map<String, Double> cpuSeconds, Map<String, Long> peakRss, double idleShare, Series cpu,
            Series memory) throws IOException {
        StringBuilder md = new StringBuilder("## Footprint\n\n");
        md.append(String.format(Locale.ROOT, "The machine stayed %.0f%% idle over the run.%n%n", 100 * idleShare));
        md.append("| process | CPU seconds | peak RSS |\n|---|---:|---:|\n");
        double total = 0;
        for (var e : cpuSeconds.entrySet()) {
            total += e.getValue();
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.0f MiB |%n", e.getKey(), e.getValue(),
                    peakRss.getOrDefault(e.getKey(), 0L) / 1048576.0));
        }
        md.append(String.format(Locale.ROOT, "| **all** | **%.1f** | |%n", total));
        md.append("\n").append(chart(cpu)).append("\n\n").append(chart(memory)).append("\n");
        sections.add(md.toString());
    }

    /** The three hottest spots of the run, then each service's own, from its flight recording. */
    public void hotSpots(String during, List<org.chatinbox.bench.stack.Profiles.HotSpot> spots) {
        StringBuilder md = new StringBuilder("## Where the time goes\n\n");
        md.append("Java Flight Recorder execution samples of every service during the ").append(during)
                .append(" stage (execution samples every 10 ms; the recordings are beside this report as `*.jfr`, not "
                        + "committed), counted by the innermost method of the suite's own code on each sampled stack: the "
                        + "time spent in it and in what it calls. A sample is a thread found running Java code: more "
                        + "samples, more CPU.\n\n");
        md.append("**The three slowest spots:**\n\n");
        spots.stream().limit(3).forEach(h -> md.append(String.format(Locale.ROOT, "1. %s: `%s` (%d samples, %.0f%% of the "
                + "service's), most often in `%s`%n", h.service(), h.method(), h.samples(), 100 * h.shareOfService(),
                h.top())));
        md.append(
                "\n| service | the suite's method (or the library, outside the suite's code) | most often on top | samples | share of "
                        + "the service |\n|---|---|---|---:|---:|\n");
        spots.stream().sorted(java.util.Comparator.comparing(org.chatinbox.bench.stack.Profiles.HotSpot::service))
                .forEach(h -> md.append(String.format(Locale.ROOT, "| %s | `%s` | `%s` | %d | %.0f%% |%n", h.service(),
                        h.method(), h.top(), h.samples(), 100 * h.shareOfService())));
        sections.add(md.toString());
    }

    public void note(String title, String text) {
        sections.add("## " + title + "\n\n" + text + "\n");
    }

    /** Writes report.md, figures.csv and the throughput chart; returns the summary table printed at the end. */
    public String write() throws IOException {
        List<Figure> withBaseline = figures.stream().filter(f -> f.baseline() != null && f.unit().endsWith("/s")).toList();
        if (!withBaseline.isEmpty()) {
            Charts.throughput(withBaseline, dir.resolve("throughput.png"));
            sections.add(1, "## Summary\n\n" + summary() + "\n![throughput against the raw ceiling](throughput.png)\n");
        }
        Files.writeString(dir.resolve("report.md"), String.join("\n", sections));
        StringBuilder csv = new StringBuilder("stage,figure,value,unit,baseline,baseline_value,ratio\n");
        for (Figure f : figures) {
            csv.append(String.join(",", quote(f.stage()), quote(f.name()), Double.toString(f.value()), quote(f.unit()),
                    quote(f.baselineName() == null ? "" : f.baselineName()),
                    f.baseline() == null ? "" : f.baseline().toString(),
                    f.ratio() == null ? "" : String.format(Locale.ROOT, "%.3f", f.ratio()))).append('\n');
        }
        Files.writeString(dir.resolve("figures.csv"), csv);
        return summary();
    }

    /** Every figure with a baseline, every p99 and every relevance figure, as one table. */
    public String summary() {
        StringBuilder md = new StringBuilder("| stage | figure | value | baseline | ratio |\n|---|---|---:|---:|---:|\n");
        for (Figure f : figures) {
            if (f.baseline() != null || f.name().endsWith(" p99") || f.name().startsWith("hit@5")) {
                md.append("| ").append(f.stage()).append(" | ").append(f.name()).append(" | ")
                        .append(value(f.value(), f.unit())).append(" | ")
                        .append(f.baseline() == null ? "" : value(f.baseline(), f.unit())).append(" | ")
                        .append(ratio(f)).append(" |\n");
            }
        }
        return md.toString();
    }

    private String chart(Series series) throws IOException {
        String file = "chart-" + (++charts) + ".png";
        Charts.lines(series, dir.resolve(file));
        return "![" + series.title() + "](" + file + ")";
    }

    private static String value(double v, String unit) {
        if (Double.isNaN(v)) {
            return "not measured";
        }
        String number = Math.abs(v) >= 100 || v == Math.rint(v)
                ? String.format(Locale.ROOT, "%,.0f", v)
                : String.format(Locale.ROOT, "%.1f", v);
        return unit.isEmpty() ? number : number + " " + unit;
    }

    /** Throughput as a share of its ceiling (60%); a latency as how many times the baseline's it took (2.3×). */
    private static String ratio(Figure f) {
        if (f.ratio() == null) {
            return "";
        }
        return f.higherIsBetter()
                ? String.format(Locale.ROOT, "%.0f%%", 100 * f.ratio())
                : String.format(Locale.ROOT, f.ratio() >= 10 ? "%.0f×" : "%.1f×", f.ratio());
    }

    private static String quote(String s) {
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
