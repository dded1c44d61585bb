package org.chatinbox.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The lines of one chart: x and y values per named line, in the order they were added. */
public final class Series {

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final Map<String, List<double[]>> lines = new LinkedHashMap<>();

    public Series(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public synchronized Series add(String line, double x, double y) {
        lines.computeIfAbsent(line, l -> new ArrayList<>()).add(new double[]{x, y});
        return this;
    }

    public String title() {
        return title;
    }

    public String xLabel() {
        return xLabel;
    }

    public String yLabel() {
        return yLabel;
    }

    public synchronized Map<String, List<double[]>> lines() {
        Map<String, List<double[]>> copy = new LinkedHashMap<>();
        lines.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }
}
