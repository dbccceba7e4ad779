package org.vdsolab.experiments.report;

import org.knowm.xchart.BitmapEncoder;
import org.vdsolab.experiments.runner.AtomicFiles;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Draws a {@link ChartSpec} with XChart and writes it as {@code <file>.png} and {@code <file>.svg}.
 * Runs headless: {@code java.awt.headless} is set to true before the first chart is built.
 * Stateless and thread-safe (each call builds its own chart).
 */
public final class ChartRenderer {

    public static final int WIDTH = 960;
    public static final int HEIGHT = 580;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ChartRenderer() { }

    /** Writes the PNG and the SVG; returns their paths, PNG first. */
    public static List<Path> write(ChartSpec spec, Path directory) throws IOException {
        Chart<?, ?> chart = build(spec);
        Path png = directory.resolve(spec.file() + ".png");
        Path svg = directory.resolve(spec.file() + ".svg");
        // XChart's encoders write to a stream here, never to a file name (to which they would append
        // the extension themselves), so each file goes through one atomic temp-and-rename write
        AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
        ByteArrayOutputStream vector = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, vector, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        AtomicFiles.writeString(svg, finishSvg(vector.toString(StandardCharsets.UTF_8), spec));
        return List.of(png, svg);
    }

    /**
     * Makes XChart's SVG reproducible and self-describing: its clip-path ids (random numbers) are
     * renumbered in order of appearance, so redrawing the same data gives the same file; and a
     * {@code <title>} and {@code <desc>} naming the chart and its series are added, since XChart
     * draws all text as outlines (no searchable text otherwise).
     */
    static String finishSvg(String svg, ChartSpec spec) {
        Matcher ids = CLIP_ID.matcher(svg);
        Map<String, String> renamed = new HashMap<>();
        StringBuilder out = new StringBuilder(svg.length() + 512);
        while (ids.find()) {
            String fresh = renamed.computeIfAbsent(ids.group(), k -> "clip" + (renamed.size() + 1));
            ids.appendReplacement(out, fresh);
        }
        ids.appendTail(out);
        int open = out.indexOf("<svg");
        int end = open < 0 ? -1 : out.indexOf(">", open);
        if (end > 0) {
            out.insert(end + 1, "\n  <title>" + xml(spec.title()) + "</title>\n  <desc>" + xml(spec.yTitle() + " against "
                    + spec.xTitle() + "; series: " + String.join("; ", spec.seriesNames())) + "</desc>");
        }
        return out.toString();
    }

    private static final Pattern CLIP_ID = Pattern.compile("clip-?\\d+");

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** The XChart chart for {@code spec} (exposed for tests). */
    static Chart<?, ?> build(ChartSpec spec) {
        if (spec.kind() == ChartSpec.Kind.BARS) {
            return spec.series().stream().anyMatch(SeriesSpec::hasIntervals) ? pointsOverCategories(spec) : bars(spec);
        }
        return lines(spec);
    }

    private static XYChart lines(ChartSpec spec) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(spec.title())
                .xAxisTitle(spec.xTitle()).yAxisTitle(spec.yTitle()).build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(spec.xLog());
        chart.getStyler().setYAxisLogarithmic(spec.yLog());
        // XChart computes the ticks of an axis with a custom label formatter as if it were linear, so
        // custom labels go on linear axes only; log axes keep XChart's own decade labels.
        if (spec.percentileAxis()) {
            chart.setCustomXAxisTickLabelsFormatter(ChartRenderer::ninesLabel);
        } else if (!spec.xLog()) {
            boolean whole = spec.series().stream().flatMap(s -> s.x().stream())
                    .allMatch(v -> ((Number) v).doubleValue() == Math.rint(((Number) v).doubleValue()));
            // producers, batch sizes: whole numbers get no 1.5 or 2.5 ticks
            chart.setCustomXAxisTickLabelsFormatter(whole ? v -> v == Math.rint(v) ? siLabel(v) : "" : ChartRenderer::siLabel);
        }
        yAxis(chart, spec);
        if (spec.xLog()) {
            chart.getStyler().setXAxisDecimalPattern("#,###");
        }
        double floor = logFloor(spec);
        for (int i = 0; i < spec.series().size(); i++) {
            SeriesSpec s = spec.series().get(i);
            double[] x = s.x().stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
            double[] y = s.y().stream().mapToDouble(Double::doubleValue).toArray();
            XYSeries series = chart.addSeries(s.name(), x, y);
            colour(series, i);
            series.setMarker(spec.percentileAxis() ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            // set both ways: XChart's default style cycler would otherwise dash some of the solid series
            series.setLineStyle(s.dashed() ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
            if (s.hasIntervals()) {
                whiskers(chart, spec, s.name(), i, x, s.low(), s.high(), floor);
            }
        }
        return chart;
    }

    /**
     * A bar chart's categories when its series carry intervals: XChart draws only symmetric error
     * bars on bars, and a bootstrap interval of a median is not symmetric, so each value is drawn
     * as a point with its interval as a whisker, the series of a category side by side around the
     * category's tick.
     */
    private static XYChart pointsOverCategories(ChartSpec spec) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(spec.title())
                .xAxisTitle(spec.xTitle()).yAxisTitle(spec.yTitle()).build();
        style(chart.getStyler());
        List<Object> categories = new ArrayList<>();
        spec.series().forEach(s -> s.x().forEach(c -> {
            if (!categories.contains(c)) {
                categories.add(c);
            }
        }));
        int k = categories.size();
        chart.getStyler().setXAxisMin(-0.5).setXAxisMax(k - 0.5);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        if (k > 6) {
            chart.getStyler().setXAxisLabelRotation(45); // long names side by side would overlap
        }
        // XChart keeps a set of ticks only if their labels are all distinct, so a tick between two
        // categories gets a distinct label of zero-width spaces rather than an empty one
        Map<Double, String> blanks = new HashMap<>();
        chart.setCustomXAxisTickLabelsFormatter(v -> {
            long i = Math.round(v);
            return Math.abs(v - i) < 1e-6 && i >= 0 && i < k ? String.valueOf(categories.get((int) i))
                    : blanks.computeIfAbsent(v, t -> "\u200B".repeat(blanks.size() + 1));
        });
        yAxis(chart, spec);
        double floor = logFloor(spec);
        int m = spec.series().size();
        double width = 0.7 / m; // the series of one category share 70% of its width
        for (int i = 0; i < m; i++) {
            SeriesSpec s = spec.series().get(i);
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<Double> lows = new ArrayList<>();
            List<Double> highs = new ArrayList<>();
            for (int j = 0; j < s.x().size(); j++) {
                if (s.y().get(j) != null) {
                    xs.add(categories.indexOf(s.x().get(j)) + (i - (m - 1) / 2.0) * width);
                    ys.add(s.y().get(j));
                    lows.add(s.hasIntervals() ? s.low().get(j) : null);
                    highs.add(s.hasIntervals() ? s.high().get(j) : null);
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            double[] x = xs.stream().mapToDouble(Double::doubleValue).toArray();
            XYSeries series = chart.addSeries(s.name(), x, ys.stream().mapToDouble(Double::doubleValue).toArray());
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            series.setMarker(SeriesMarkers.CIRCLE);
            colour(series, i);
            if (s.hasIntervals()) {
                whiskers(chart, spec, s.name(), i, x, lows, highs, floor);
            }
        }
        return chart;
    }

    /**
     * Each point's interval as a vertical segment in its series' colour, left out of the legend;
     * on a log axis an interval reaching zero or below is cut at {@code floor}.
     */
    private static void whiskers(XYChart chart, ChartSpec spec, String name, int index, double[] x, List<Double> lows,
                                 List<Double> highs, double floor) {
        for (int j = 0; j < x.length; j++) {
            Double low = lows.get(j);
            Double high = highs.get(j);
            if (low == null || high == null || !(high > low)) {
                continue; // no interval, or one of zero width (a single repetition, identical ones)
            }
            double from = spec.yLog() ? Math.max(low, floor) : low;
            XYSeries w = chart.addSeries("interval " + (index + 1) + "." + (j + 1) + " of " + name, new double[] {x[j], x[j]},
                    new double[] {from, high});
            w.setShowInLegend(false);
            w.setMarker(SeriesMarkers.NONE);
            w.setLineStyle(SeriesLines.SOLID);
            w.setLineWidth(1.5f);
            colour(w, index);
        }
    }

    /** Where a log axis cuts an interval that reaches zero: half the smallest positive value drawn. */
    private static double logFloor(ChartSpec spec) {
        double min = Double.MAX_VALUE;
        for (SeriesSpec s : spec.series()) {
            for (Double v : s.y()) {
                if (v != null && v > 0) {
                    min = Math.min(min, v);
                }
            }
            if (s.hasIntervals()) {
                for (Double v : s.low()) {
                    if (v != null && v > 0) {
                        min = Math.min(min, v);
                    }
                }
            }
        }
        return min == Double.MAX_VALUE ? 1 : min / 2;
    }

    private static void yAxis(XYChart chart, ChartSpec spec) {
        if (spec.yLog()) {
            chart.getStyler().setYAxisDecimalPattern("#,##0.###"); // µs and ms axes reach below 1
        } else {
            chart.getStyler().setYAxisMin(0.0);   // a linear axis starts at zero, so heights compare honestly
            chart.setCustomYAxisTickLabelsFormatter(ChartRenderer::siLabel);
        }
    }

    /**
     * The series' colour set explicitly: XChart hands out its palette per series added, and the
     * whisker series would otherwise shift every later series' colour.
     */
    private static void colour(XYSeries series, int index) {
        Color c = PALETTE[index % PALETTE.length];
        series.setLineColor(c);
        series.setMarkerColor(c);
        series.setFillColor(c);
    }

    private static CategoryChart bars(ChartSpec spec) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(spec.title())
                .xAxisTitle(spec.xTitle()).yAxisTitle(spec.yTitle()).build();
        style(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(spec.yLog());
        if (spec.yLog()) {
            chart.getStyler().setYAxisDecimalPattern("#,###");
        } else {
            chart.setCustomYAxisTickLabelsFormatter(ChartRenderer::siLabel);
        }
        for (SeriesSpec s : spec.series()) {
            chart.addSeries(s.name(), s.x(), s.y().stream().map(v -> (Number) v).toList());
        }
        return chart;
    }

    /**
     * Ten colours that stay apart from each other (Tableau 10), one per series up to
     * {@link ChartPlanner#MAX_SERIES}: XChart's default theme repeats similar pinks and reds.
     */
    static final Color[] PALETTE = {new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2),
            new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F),
            new Color(0xBAB0AC)};

    private static void style(AxesChartStyler styler) {
        styler.setSeriesColors(PALETTE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setLegendVisible(true);
        styler.setPlotGridLinesVisible(true);
        styler.setAntiAlias(true);
    }

    /**
     * A tick of the percentile axis, whose x is the number of nines log10(1/(1-p)): 0 is 0%, 1 is
     * 90%, 2 is 99%, 3 is 99.9%. Ticks between whole numbers get no label.
     */
    static String ninesLabel(double nines) {
        long n = Math.round(nines);
        if (n < 0 || n > 15 || Math.abs(nines - n) > 1e-6) {
            return "";
        }
        return switch ((int) n) {
            case 0 -> "0%";
            case 1 -> "90%";
            case 2 -> "99%";
            default -> "99." + "9".repeat((int) n - 2) + "%";
        };
    }

    /** Compact numbers for axes: 950, 12k, 3.5M, 1.2G. */
    static String siLabel(double v) {
        double a = Math.abs(v);
        if (a >= 1e9) {
            return trim(v / 1e9) + "G";
        }
        if (a >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (a >= 1e4) {
            return trim(v / 1e3) + "k";
        }
        return trim(v);
    }

    private static String trim(double v) {
        return BigDecimal.valueOf(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
