package org.chatinbox.bench.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's PNG charts, drawn by JFreeChart without a display. */
public final class Charts {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /** A line chart of the series' lines. */
    public static void lines(Series series, Path png) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        series.lines().forEach((name, points) -> {
            XYSeries line = new XYSeries(name, false, true);
            points.forEach(p -> line.add(p[0], p[1]));
            data.addSeries(line);
        });
        JFreeChart chart = ChartFactory.createXYLineChart(series.title(), series.xLabel(), series.yLabel(), data,
                PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        XYPlot plot = (XYPlot) chart.getPlot();
        ((NumberAxis) plot.getDomainAxis()).setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.ROOT));
        // a few points (one per data size) are drawn as marks, or a line of one point would not show at all
        boolean few = series.lines().values().stream().allMatch(points -> points.size() <= 20);
        if (few && plot.getRenderer() instanceof XYLineAndShapeRenderer renderer) {
            renderer.setDefaultShapesVisible(true);
        }
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 450);
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        if (chart.getPlot() instanceof org.jfree.chart.plot.XYPlot xy) {
            xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
            xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
        } else if (chart.getPlot() instanceof org.jfree.chart.plot.CategoryPlot category) {
            category.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
    }

    /** Each throughput figure beside its baseline, as bars. */
    public static void throughput(List<Figure> figures, Path png) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Figure f : figures) {
            String label = f.stage() + ": " + f.name();
            data.addValue(f.value(), "chat-inbox", label);
            data.addValue(f.baseline(), "raw ceiling", label);
        }
        JFreeChart chart = ChartFactory.createBarChart("Throughput against the raw ceiling", null, "per second", data,
                PlotOrientation.HORIZONTAL, true, false, false);
        style(chart);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 120 + 70 * Math.max(1, figures.size()));
    }
}
