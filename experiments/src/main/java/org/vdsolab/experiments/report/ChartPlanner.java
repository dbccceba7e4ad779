package org.vdsolab.experiments.report;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import com.fasterxml.jackson.databind.JsonNode;
import org.vdsolab.experiments.runner.results.CellMetric;
import org.vdsolab.experiments.runner.results.CellSummary;
import org.vdsolab.experiments.runner.results.LatencySummary;
import org.vdsolab.experiments.runner.results.Interval;
import org.vdsolab.experiments.runner.results.MetricSummary;
import org.vdsolab.experiments.runner.results.SummaryCsv;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Decides which charts a run gets and what they show. The rules (documented in
 * experiments/configs/README.md, "Charts"):
 * <ul>
 *   <li><b>series key</b>: {@code report.series}, else {@code queue} when swept; one series per
 *       value, with any other swept key (except the chart's x) added to the series name;</li>
 *   <li><b>x key</b> of the throughput chart: {@code report.x}, else the first other swept key
 *       whose values are all numbers, else the first other swept key;</li>
 *   <li>{@code throughput}: median throughput against the x key (lines for numbers, categories for
 *       names; one category per series value when nothing else is swept), each point with its
 *       95% bootstrap interval as a whisker (mean and standard deviation for summaries without
 *       {@code runs});</li>
 *   <li>{@code latency-percentiles}: every cell's latency distribution, HdrHistogram style (x is
 *       the number of nines, log10(1/(1-p)), labelled 0%, 90%, 99%, 99.9%, ...);</li>
 *   <li>{@code latency-vs-load}: p50, p99 and p99.9 (medians over repetitions, with intervals)
 *       against the achieved throughput of each {@code load.rate} or {@code load.fraction}, when
 *       one is swept;</li>
 *   <li>{@code batch-size}: time per operation against {@code batch}, when it is swept;</li>
 *   <li>{@code counter-<name>}: each counter {@code report.counters} names, against the x key
 *       like throughput, with a Poisson interval for the events that must not happen and a
 *       bootstrap interval for the others;</li>
 *   <li>a chart that would have more than {@link #MAX_SERIES} series is split into one chart per
 *       value of the first remaining swept key(s) (files {@code <name>-1}, {@code <name>-2}, ...);</li>
 *   <li>latency axes are logarithmic when the values span more than two decades, and in ns, µs or
 *       ms by their largest value; closed-loop latency is titled "time in queue (closed loop)";</li>
 *   <li>titles name keys in words ("Torn per million against producers");</li>
 *   <li>every caption states {@code n}, the measured repetitions per cell.</li>
 * </ul>
 * Failed cells are left out of the charts (the page's table shows their error). Stateless.
 */
public final class ChartPlanner {

    /** Most series one chart gets before it is split: beyond this a legend is unreadable. */
    public static final int MAX_SERIES = 10;

    private static final String LOAD = "load.rate";
    private static final String FRACTION = "load.fraction";
    private static final String BATCH = "batch";

    /** Keys whose axis titles get a unit. */
    private static final Map<String, String> AXIS_TITLES = Map.of(
            "producers", "producers",
            "consumers", "consumers",
            BATCH, "batch size (records per call)",
            LOAD, "offered load (ops/s)",
            FRACTION, "offered load (fraction of saturation)",
            "record_bytes", "record size (bytes)",
            "capacity", "capacity (slots)",
            "records", "records per repetition");

    private ChartPlanner() { }

    /** A subset of the cells drawn as one chart, and the keys fixed within it. */
    private record Facet(String title, List<String> keys, List<CellSummary> cells) { }

    public static List<ChartSpec> plan(RunData data) {
        List<CellSummary> ok = data.cells().stream().filter(c -> !c.failed() && c.repetitions() > 0).toList();
        String series = seriesKey(data);
        String x = xKey(data, series);
        List<ChartSpec> charts = new ArrayList<>();
        if (!ok.isEmpty()) {
            Set<String> onAxis = x == null ? Set.of() : Set.of(x);
            charts.addAll(split("throughput", data, ok, series, onAxis, 1,
                    f -> throughput(data, f, series, x)));
            for (String counter : data.hints().counters()) {
                List<CellSummary> reporting = ok.stream().filter(c -> c.counters().get(counter) != null).toList();
                if (!reporting.isEmpty()) {
                    charts.addAll(split("counter-" + counter.replaceAll("[^A-Za-z0-9_-]", "_"), data, reporting, series, onAxis,
                            1, f -> counter(data, f, series, x, counter)));
                }
            }
        }
        List<CellSummary> withLatency = ok.stream().filter(c -> data.latency().containsKey(c.index())).toList();
        if (!withLatency.isEmpty()) {
            charts.addAll(split("latency-percentiles", data, withLatency, series, Set.of(), 1,
                    f -> percentiles(data, f, series)));
        }
        String load = data.sweptKeys().contains(LOAD) ? LOAD : data.sweptKeys().contains(FRACTION) ? FRACTION : null;
        if (load != null && numeric(data, load)) {
            List<CellSummary> summarised = ok.stream().filter(c -> c.latency() != null).toList();
            if (!summarised.isEmpty()) {
                charts.addAll(split("latency-vs-load", data, summarised, series, Set.of(load), 3,
                        f -> latencyVsLoad(data, f, series, load)));
            }
        }
        if (data.sweptKeys().contains(BATCH) && numeric(data, BATCH) && !ok.isEmpty()) {
            charts.addAll(split("batch-size", data, ok, series, Set.of(BATCH), 1, f -> batch(data, f, series)));
        }
        return charts;
    }

    /** The key with one series per value, or null. */
    static String seriesKey(RunData data) {
        String hinted = data.hints().series();
        if (hinted != null && data.sweptKeys().contains(hinted)) {
            return hinted;
        }
        return data.sweptKeys().contains("queue") ? "queue" : null;
    }

    /** The throughput chart's x key, or null when only the series key (or nothing) is swept. */
    static String xKey(RunData data, String series) {
        String hinted = data.hints().x();
        if (hinted != null && data.sweptKeys().contains(hinted) && !hinted.equals(series)) {
            return hinted;
        }
        List<String> others = data.sweptKeys().stream().filter(k -> !k.equals(series)).toList();
        return others.stream().filter(k -> numeric(data, k)).findFirst().orElse(others.isEmpty() ? null : others.getFirst());
    }

    private interface ChartMaker {
        ChartSpec make(Facet facet);
    }

    /**
     * One chart, or one per facet when a single chart would have more than {@link #MAX_SERIES}
     * series: the facet keys are the fewest leading swept keys (other than the series key and
     * the axis) that bring every facet under the limit.
     */
    private static List<ChartSpec> split(String file, RunData data, List<CellSummary> cells, String series,
                                         Set<String> onAxis, int seriesPerLabel, ChartMaker maker) {
        List<String> candidates = data.sweptKeys().stream().filter(k -> !k.equals(series) && !onAxis.contains(k)).toList();
        List<Facet> facets = null;
        for (int k = 0; k <= candidates.size(); k++) {
            List<String> keys = candidates.subList(0, k);
            Set<String> exclude = new HashSet<>(onAxis);
            exclude.addAll(keys);
            Map<String, List<CellSummary>> groups = new LinkedHashMap<>();
            for (CellSummary c : cells) {
                groups.computeIfAbsent(keyValues(c, keys), g -> new ArrayList<>()).add(c);
            }
            ToIntFunction<List<CellSummary>> count = g -> seriesPerLabel
                    * (int) g.stream().map(c -> label(data, c, series, exclude)).distinct().count();
            facets = groups.entrySet().stream().map(e -> new Facet(e.getKey(), keys, e.getValue())).toList();
            if (groups.values().stream().allMatch(g -> count.applyAsInt(g) <= MAX_SERIES)) {
                break;
            }
        }
        List<ChartSpec> out = new ArrayList<>();
        for (int i = 0; i < facets.size(); i++) {
            ChartSpec spec = maker.make(facets.get(i));
            if (facets.size() > 1) {
                spec = new ChartSpec(file + "-" + (i + 1), spec.title() + " (" + facets.get(i).title() + ")", spec.xTitle(),
                        spec.yTitle(), spec.kind(), spec.xLog(), spec.yLog(), spec.percentileAxis(), spec.series(),
                        spec.caption());
            }
            out.add(spec);
        }
        return out;
    }

    private static String keyValues(CellSummary c, List<String> keys) {
        StringBuilder sb = new StringBuilder();
        for (String k : keys) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(k).append('=').append(text(c.params().get(k)));
        }
        return sb.toString();
    }

    private static Set<String> excluding(Facet f, String... more) {
        Set<String> exclude = new HashSet<>(f.keys());
        for (String m : more) {
            if (m != null) {
                exclude.add(m);
            }
        }
        return exclude;
    }

    private static ChartSpec throughput(RunData data, Facet facet, String series, String x) {
        boolean kept = facet.cells().stream().allMatch(c -> c.metrics().containsKey(CellMetric.THROUGHPUT));
        boolean repeated = anyRepeated(facet.cells());
        if (!kept) { // a summary written before repetitions were kept: mean and standard deviation
            ChartSpec spec = metric(data, facet, series, x, "throughput", "Throughput", "mean", "throughput (ops/s)",
                    CellSummary::throughputMean, repeated ? c -> new Interval(c.throughputMean() - c.throughputStdDev(),
                            c.throughputMean() + c.throughputStdDev()) : null);
            return withCaption(spec, "Mean over the measured repetitions"
                    + (repeated ? "; whiskers: ± one standard deviation" : "")
                    + " (" + repetitionsNote(facet.cells()) + ")." + failedNote(data));
        }
        ChartSpec spec = metric(data, facet, series, x, "throughput", "Throughput", "median", "throughput (ops/s)",
                c -> c.metrics().get(CellMetric.THROUGHPUT).median(),
                repeated ? c -> c.metrics().get(CellMetric.THROUGHPUT).interval() : null);
        return withCaption(spec, "Median over the measured repetitions (" + repetitionsNote(facet.cells()) + ")"
                + (repeated ? "; whiskers: the median's 95% bootstrap interval. Designs whose whiskers overlap show no"
                + " detectable difference" : "") + "." + failedNote(data));
    }

    /** "n = 10 measured repetitions per cell", or the range when cells differ. */
    static String repetitionsNote(List<CellSummary> cells) {
        IntSummaryStatistics n = cells.stream().mapToInt(CellSummary::repetitions).summaryStatistics();
        String count = n.getMin() == n.getMax() ? Integer.toString(n.getMax()) : n.getMin() + " to " + n.getMax();
        return "n = " + count + " measured repetition" + (n.getMax() == 1 ? "" : "s") + " per cell";
    }

    /**
     * A counter per cell with its 95% interval. An event that must not happen ({@link
     * CellSummary#MUST_BE_ZERO}: lost, torn, ...) is rare and counted, so it is shown as the mean
     * per repetition (or, for a {@code <event>_per_million} rate, as the pooled rate) with the
     * Poisson interval of the total over all repetitions, which also bounds a zero; any other
     * counter as the median per repetition with its bootstrap interval. Summaries without kept
     * repetitions show the mean and no interval.
     */
    private static ChartSpec counter(RunData data, Facet facet, String series, String x, String counter) {
        String event = counter.endsWith(PER_MILLION) ? counter.substring(0, counter.length() - PER_MILLION.length()) : counter;
        boolean kept = facet.cells().stream().allMatch(c -> !c.runs().isEmpty());
        boolean poisson = kept && facet.cells().stream().allMatch(c -> c.events().containsKey(event));
        boolean rate = poisson && !event.equals(counter);
        String statistic = !kept ? "mean" : poisson ? (rate ? "pooled" : "mean") : "median";
        String name = words(counter);
        java.util.function.ToDoubleFunction<CellSummary> value;
        java.util.function.Function<CellSummary, Interval> interval;
        if (!kept) {
            value = c -> c.counters().get(counter).doubleValue();
            interval = null;
        } else if (rate) {
            value = c -> c.events().get(event).perMillion();
            interval = c -> new Interval(c.events().get(event).perMillionLow(), c.events().get(event).perMillionHigh());
        } else if (poisson) {
            value = c -> (double) c.events().get(event).events() / c.runs().size();
            interval = c -> new Interval(c.events().get(event).low() / c.runs().size(),
                    c.events().get(event).high() / c.runs().size());
        } else {
            // value and interval of a cell come from one bootstrap, computed once
            Map<Integer, MetricSummary> summaries = new java.util.HashMap<>();
            value = c -> summaries.computeIfAbsent(c.index(), i -> counterSummary(c, counter)).median();
            interval = c -> summaries.computeIfAbsent(c.index(), i -> counterSummary(c, counter)).interval();
        }
        String yTitle = name + (rate ? " (over all repetitions)" : " (" + statistic + " per repetition)");
        ChartSpec spec = metric(data, facet, series, x, "counter-" + counter, capitalised(name), statistic, yTitle,
                value, interval);
        String how = !kept ? "mean per measured repetition"
                : rate ? "events over all measured repetitions per million operations, whiskers: the Poisson 95% interval"
                        + " of that count (for 0 events, the one-sided bound: fewer than 3 in the operations counted)"
                : poisson ? "mean per measured repetition, whiskers: the Poisson 95% interval of the total over all of them"
                        + " (for 0 events, the one-sided bound)"
                : "median per measured repetition, whiskers: its 95% bootstrap interval";
        return withCaption(spec, "The workload's counter " + counter + ": " + how + " (" + repetitionsNote(facet.cells())
                + "; report.counters in the config asks for this chart)." + failedNote(data));
    }

    private static final String PER_MILLION = "_per_million";

    /** The counter's median and bootstrap interval over the cell's repetitions (0 where a repetition lacks it). */
    private static MetricSummary counterSummary(CellSummary c, String counter) {
        return MetricSummary.of(c.runs().stream().map(r -> (double) r.counters().getOrDefault(counter, 0L)).toList());
    }

    /** A key as words: {@code torn_per_million} reads "torn per million". */
    static String words(String key) {
        return key.replace('_', ' ');
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** The x key in a title: its axis title without the unit, else its words. */
    private static String titleWords(String key) {
        String axis = AXIS_TITLES.get(key);
        return axis == null ? words(key) : axis.replaceAll(" \\(.*\\)$", "");
    }

    private static ChartSpec withCaption(ChartSpec s, String caption) {
        return new ChartSpec(s.file(), s.title(), s.xTitle(), s.yTitle(), s.kind(), s.xLog(), s.yLog(), s.percentileAxis(),
                s.series(), caption);
    }

    /**
     * A per-cell number against the x key: lines when x is numeric, bars for names, bars per
     * series value when nothing but the series key is swept; {@code interval} gives each point's
     * 95% interval, or is null for none.
     */
    private static ChartSpec metric(RunData data, Facet facet, String series, String x, String file, String name,
                                    String statistic, String yTitle, java.util.function.ToDoubleFunction<CellSummary> value,
                                    java.util.function.Function<CellSummary, Interval> interval) {
        List<CellSummary> cells = facet.cells();
        if (x == null) {
            List<Object> categories = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> low = new ArrayList<>();
            List<Double> high = new ArrayList<>();
            for (CellSummary c : cells) {
                categories.add(label(data, c, series, excluding(facet)));
                y.add(value.applyAsDouble(c));
                addInterval(interval, c, low, high);
            }
            return new ChartSpec(file, name + " by " + (series == null ? "cell" : titleWords(series)),
                    series == null ? "cell" : axisTitle(series), yTitle, ChartSpec.Kind.BARS, false, false, false,
                    List.of(new SeriesSpec(statistic + " " + name.toLowerCase(java.util.Locale.ROOT), categories, y,
                            interval == null ? null : low, interval == null ? null : high, false)), "");
        }
        boolean lines = numeric(data, x);
        List<Object> categories = lines ? List.of() : distinctValues(cells, x);
        List<SeriesSpec> out = new ArrayList<>();
        for (Map.Entry<String, List<CellSummary>> g : group(data, cells, series, excluding(facet, x)).entrySet()) {
            List<CellSummary> members = lines ? sortedBy(g.getValue(), x) : g.getValue();
            List<Object> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<Double> low = new ArrayList<>();
            List<Double> high = new ArrayList<>();
            if (lines) {
                for (CellSummary c : members) {
                    xs.add(number(c.params().get(x)));
                    ys.add(value.applyAsDouble(c));
                    addInterval(interval, c, low, high);
                }
            } else {
                // XChart places bars by position, so every series lists every category; a missing
                // (failed) cell is a null value, which XChart leaves as a gap.
                for (Object category : categories) {
                    CellSummary c = members.stream().filter(m -> category.equals(text(m.params().get(x)))).findFirst().orElse(null);
                    xs.add(category);
                    ys.add(c == null ? null : value.applyAsDouble(c));
                    addInterval(c == null ? null : interval, c, low, high);
                }
            }
            out.add(new SeriesSpec(g.getKey(), xs, ys, interval == null ? null : low, interval == null ? null : high, false));
        }
        return new ChartSpec(file, name + " against " + titleWords(x), axisTitle(x), yTitle,
                lines ? ChartSpec.Kind.LINES : ChartSpec.Kind.BARS, false, false, false, out, "");
    }

    private static void addInterval(java.util.function.Function<CellSummary, Interval> interval, CellSummary c,
                                    List<Double> low, List<Double> high) {
        Interval i = interval == null || c == null ? null : interval.apply(c);
        low.add(i == null ? null : i.low());
        high.add(i == null ? null : i.high());
    }

    private static ChartSpec percentiles(RunData data, Facet facet, String series) {
        List<SeriesSpec> out = new ArrayList<>();
        for (CellSummary c : facet.cells()) {
            Histogram h = data.latency().get(c.index());
            List<Object> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            double lastX = 0;
            for (HistogramIterationValue v : h.percentiles(5)) {
                double p = v.getPercentileLevelIteratedTo();
                if (p >= 100.0) {
                    break;
                }
                lastX = nines(p);
                xs.add(lastX);
                ys.add(Math.max(1.0, v.getValueIteratedTo()));
            }
            // The maximum is the 1-in-N sample: plot it at N's nines (at least past the last point).
            xs.add(Math.max(lastX, Math.log10(h.getTotalCount())));
            ys.add(Math.max(1.0, h.getMaxValue()));
            out.add(new SeriesSpec(label(data, c, series, excluding(facet)), xs, ys, false));
        }
        boolean log = spansDecades(out);
        LatencyUnit unit = LatencyUnit.of(out);
        boolean closed = facet.cells().stream().noneMatch(c -> openLoop(data, c));
        String what = closed ? "time in queue, closed loop" : "latency";
        return new ChartSpec("latency-percentiles", (closed ? "Time in queue (closed loop)" : "Latency") + " by percentile",
                "percentile", what + " (" + unit.label() + (log ? ", log scale)" : ")"), ChartSpec.Kind.LINES, false, log, true,
                unit.scale(out),
                "HdrHistogram style: the x axis is log10(1/(1-percentile)), so each further nine of the tail (90%,"
                        + " 99%, 99.9%, ...) gets the same room; each curve merges a cell's measured repetitions ("
                        + repetitionsNote(facet.cells()) + ")." + (closed ? CLOSED_LOOP_NOTE : OPEN_LOOP_NOTE) + failedNote(data));
    }

    private static final String CLOSED_LOOP_NOTE = " Closed loop: producers push as fast as the queue takes records, so the"
            + " ring runs full and this is mostly the time a record waits behind the others (occupancy over throughput,"
            + " Little's law), not what one operation costs; an open-loop load sweep shows latency at a given rate.";
    private static final String OPEN_LOOP_NOTE = " In open loop, latency counts from each request's scheduled time, so"
            + " stalls are not hidden (coordinated omission).";

    /** Whether the cell ran with {@code load.type: open}: its swept value, else the config's. */
    static boolean openLoop(RunData data, CellSummary cell) {
        Object swept = cell.params().get("load.type");
        if (swept != null) {
            return "open".equals(text(swept));
        }
        JsonNode config = data.summary().config();
        if (config == null) {
            return false;
        }
        JsonNode type = config.path("load").isObject() ? config.path("load").path("type") : config.path("load.type");
        return "open".equals(type.asText(""));
    }

    private static ChartSpec latencyVsLoad(RunData data, Facet facet, String series, String load) {
        List<SeriesSpec> out = new ArrayList<>();
        for (Map.Entry<String, List<CellSummary>> g : group(data, facet.cells(), series, excluding(facet, load)).entrySet()) {
            List<CellSummary> members = sortedBy(g.getValue(), load);
            List<Object> xs = members.stream().map(c -> (Object) achieved(c)).toList();
            out.add(percentileSeries(g.getKey() + " p99.9", xs, members, CellMetric.LATENCY_P999, LatencySummary::p999, false));
            out.add(percentileSeries(g.getKey() + " p99", xs, members, CellMetric.LATENCY_P99, LatencySummary::p99, false));
            out.add(percentileSeries(g.getKey() + " p50", xs, members, CellMetric.LATENCY_P50, LatencySummary::p50, true));
        }
        boolean log = spansDecades(out);
        boolean xLog = spansDecadesX(out);
        LatencyUnit unit = LatencyUnit.of(out);
        boolean kept = facet.cells().stream().allMatch(c -> c.metrics().containsKey(CellMetric.LATENCY_P50));
        return new ChartSpec("latency-vs-load", "Latency against achieved throughput", "achieved throughput (ops/s"
                + (xLog ? ", log scale)" : ")"), "latency (" + unit.label() + (log ? ", log scale)" : ")"), ChartSpec.Kind.LINES,
                xLog, log, false, unit.scale(out),
                "p99.9, p99 and p50 (dashed) at each offered rate (" + (load.equals(FRACTION) ? "load.fraction of the"
                        + " closed-loop saturation" : "load.rate") + "), placed at the throughput the cell achieved (median over "
                        + repetitionsNote(facet.cells()) + ")" + (kept ? "; each percentile is the median of the repetitions'"
                        + " percentiles, whiskers its 95% bootstrap interval"
                        : "; percentiles of all repetitions' samples merged")
                        + ". Latency counts from each request's scheduled time, so it climbs steeply once the offered load"
                        + " exceeds what the design sustains." + failedNote(data));
    }

    /**
     * One latency percentile per cell: the median over the repetitions with its interval where they
     * were kept, else the percentile of the merged samples; at least 1 ns, for the log axis.
     */
    private static SeriesSpec percentileSeries(String name, List<Object> xs, List<CellSummary> cells, CellMetric metric,
                                               java.util.function.ToDoubleFunction<LatencySummary> merged, boolean dashed) {
        List<Double> y = new ArrayList<>();
        List<Double> low = new ArrayList<>();
        List<Double> high = new ArrayList<>();
        boolean kept = cells.stream().allMatch(c -> c.metrics().containsKey(metric));
        for (CellSummary c : cells) {
            MetricSummary m = kept ? c.metrics().get(metric) : null;
            y.add(Math.max(1.0, m != null ? m.median() : merged.applyAsDouble(c.latency())));
            low.add(m == null ? null : Math.max(1.0, m.ci95Low()));
            high.add(m == null ? null : Math.max(1.0, m.ci95High()));
        }
        return new SeriesSpec(name, xs, y, kept ? low : null, kept ? high : null, dashed);
    }

    /** The cell's achieved throughput: the median over its repetitions, else (older summaries) the mean. */
    private static double achieved(CellSummary c) {
        MetricSummary m = c.metrics().get(CellMetric.THROUGHPUT);
        return m != null ? m.median() : c.throughputMean();
    }

    private static ChartSpec batch(RunData data, Facet facet, String series) {
        List<SeriesSpec> out = new ArrayList<>();
        for (Map.Entry<String, List<CellSummary>> g : group(data, facet.cells(), series, excluding(facet, BATCH)).entrySet()) {
            List<CellSummary> members = sortedBy(g.getValue(), BATCH).stream()
                    .filter(c -> achieved(c) > 0 && number(c.params().get(BATCH)) > 0).toList();
            if (!members.isEmpty()) {
                boolean kept = members.stream().allMatch(c -> c.metrics().containsKey(CellMetric.THROUGHPUT));
                // time per operation is 1e9 / throughput, so the interval's ends swap
                List<Double> low = kept ? members.stream().map(c -> perOperation(c.metrics().get(CellMetric.THROUGHPUT)
                        .ci95High())).toList() : null;
                List<Double> high = kept ? members.stream().map(c -> perOperation(c.metrics().get(CellMetric.THROUGHPUT)
                        .ci95Low())).toList() : null;
                out.add(new SeriesSpec(g.getKey(), members.stream().map(c -> (Object) number(c.params().get(BATCH))).toList(),
                        members.stream().map(c -> 1e9 / achieved(c)).toList(), low, high, false));
            }
        }
        return new ChartSpec("batch-size", "Cost per operation against batch size", axisTitle(BATCH),
                "time per operation (ns)", ChartSpec.Kind.LINES, true, false, false, out,
                "1e9 / median throughput (" + repetitionsNote(facet.cells()) + "; whiskers from the throughput's 95%"
                        + " bootstrap interval): what one operation costs when records move in batches of this size (DPDK's"
                        + " cycles-per-element curve)." + failedNote(data));
    }

    /** Nanoseconds per operation at {@code throughput} ops/s; null (no bound) at zero throughput. */
    private static Double perOperation(double throughput) {
        return throughput > 0 ? 1e9 / throughput : null;
    }

    /** The percentile axis position of {@code percentile}: log10(1/(1-p)), the number of nines. */
    static double nines(double percentile) {
        return Math.log10(1.0 / (1.0 - percentile / 100.0));
    }

    /** Cells grouped by series name, in order of first appearance. */
    private static Map<String, List<CellSummary>> group(RunData data, List<CellSummary> cells, String series,
                                                        Set<String> exclude) {
        Map<String, List<CellSummary>> groups = new LinkedHashMap<>();
        for (CellSummary c : cells) {
            groups.computeIfAbsent(label(data, c, series, exclude), k -> new ArrayList<>()).add(c);
        }
        return groups;
    }

    /**
     * A cell's series name: the series key's value first, then {@code key=value} for every other
     * swept key not excluded; the experiment's name when nothing is left.
     */
    static String label(RunData data, CellSummary cell, String series, Set<String> exclude) {
        List<String> parts = new ArrayList<>();
        if (series != null && !exclude.contains(series)) {
            parts.add(text(cell.params().get(series)));
        }
        for (String k : data.sweptKeys()) {
            if (!k.equals(series) && !exclude.contains(k)) {
                parts.add(k + "=" + text(cell.params().get(k)));
            }
        }
        return parts.isEmpty() ? data.summary().experiment() : String.join(", ", parts);
    }

    static boolean numeric(RunData data, String key) {
        return data.cells().stream().allMatch(c -> c.params().get(key) instanceof Number);
    }

    /** True when the series' values span more than two decades, so a log axis reads better. */
    private static boolean spansDecades(List<SeriesSpec> series) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (SeriesSpec s : series) {
            for (Double y : s.y()) {
                if (y != null && y > 0) {
                    min = Math.min(min, y);
                    max = Math.max(max, y);
                }
            }
        }
        return max > 0 && max / min > 100;
    }

    /** True when the series' x values span more than two decades. */
    private static boolean spansDecadesX(List<SeriesSpec> series) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (SeriesSpec s : series) {
            for (Object x : s.x()) {
                double v = ((Number) x).doubleValue();
                if (v > 0) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return max > 0 && max / min > 100;
    }

    private static List<Object> distinctValues(List<CellSummary> cells, String key) {
        Set<Object> values = new LinkedHashSet<>();
        cells.forEach(c -> values.add(text(c.params().get(key))));
        return new ArrayList<>(values);
    }

    private static List<CellSummary> sortedBy(List<CellSummary> cells, String key) {
        return cells.stream().sorted(Comparator.comparingDouble(c -> number(c.params().get(key)))).toList();
    }

    private static double number(Object v) {
        return ((Number) Objects.requireNonNull(v)).doubleValue();
    }

    private static String text(Object v) {
        return SummaryCsv.text(v);
    }

    private static boolean anyRepeated(List<CellSummary> cells) {
        return cells.stream().anyMatch(c -> c.repetitions() > 1);
    }

    private static String axisTitle(String key) {
        return AXIS_TITLES.getOrDefault(key, key);
    }

    private static String failedNote(RunData data) {
        long failed = data.summary().failedCells();
        return failed == 0 ? "" : " " + failed + " failed cell" + (failed == 1 ? " is" : "s are") + " left out; see the table.";
    }
}
