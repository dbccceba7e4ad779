package org.vdsolab.experiments.runner.results;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One cell's result, as {@code summary.json} and {@code summary.csv} hold it. Immutable.
 *
 * @param index          1-based cell number (position in {@code cells}; names {@code cell-<n>.hlog})
 * @param params         the swept keys and this cell's values, typed (Long, BigDecimal, Boolean, String)
 * @param repetitions    measured repetitions completed (fewer than asked when the cell failed)
 * @param throughputEach operations per second of each measured repetition
 * @param latency        percentiles over all measured repetitions, or null without samples
 * @param counters       workload counters, each the mean per measured repetition (a Long when whole)
 * @param error          why the cell failed or did not run, or null when it succeeded
 * @param notes          what the workload noted in its measured repetitions (events that did not
 *                       fail the cell, such as a child killed from outside), each prefixed with
 *                       its repetition
 * @param runs           every measured repetition, in the order they ran (empty in summaries
 *                       written before repetitions were kept)
 */
public record CellSummary(int index, Map<String, Object> params, int repetitions, List<Double> throughputEach,
                          LatencySummary latency, Map<String, Number> counters, String error, List<String> notes,
                          List<RunRecord> runs) {

    /** A cell without notes or kept repetitions. */
    public CellSummary(int index, Map<String, Object> params, int repetitions, List<Double> throughputEach,
                       LatencySummary latency, Map<String, Number> counters, String error) {
        this(index, params, repetitions, throughputEach, latency, counters, error, List.of(), List.of());
    }

    /**
     * Counters that count what a correct exactly-once queue or I/O path never does: a non-zero
     * value is shown highlighted in the report and named on the console.
     */
    public static final java.util.Set<String> MUST_BE_ZERO = java.util.Set.of("lost", "duplicated", "torn",
            "out_of_order_per_producer", "torn_per_million", "errors", "cq_overflow", "misrouted");

    /**
     * The counter in which a workload reports how many parties (threads or processes that run at
     * once: producers, consumers, pollers, workers) it kept busy, so that a run on fewer CPUs can
     * be flagged as oversubscribed.
     */
    public static final String PARTIES = "parties";

    public CellSummary {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        throughputEach = List.copyOf(throughputEach);
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
        notes = List.copyOf(notes);
        runs = List.copyOf(runs);
    }

    /**
     * Every {@link CellMetric} that at least one kept repetition has (a finite value): its median,
     * 95% bootstrap interval and the number of repetitions that have it, in {@link CellMetric} order.
     */
    public Map<CellMetric, MetricSummary> metrics() {
        Map<CellMetric, MetricSummary> out = new EnumMap<>(CellMetric.class);
        for (CellMetric metric : CellMetric.values()) {
            List<Double> values = new ArrayList<>();
            for (RunRecord run : runs) {
                double v = metric.of(run);
                if (Double.isFinite(v)) {
                    values.add(v);
                }
            }
            MetricSummary summary = MetricSummary.of(values);
            if (summary != null) {
                out.put(metric, summary);
            }
        }
        return out;
    }

    /** Mean throughput over the measured repetitions, NaN when there are none. */
    public double throughputMean() {
        return throughputEach.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Sample standard deviation of the throughput, 0 with fewer than two repetitions. */
    public double throughputStdDev() {
        int n = throughputEach.size();
        if (n < 2) {
            return 0;
        }
        double mean = throughputMean();
        double sq = 0;
        for (double v : throughputEach) {
            sq += (v - mean) * (v - mean);
        }
        return Math.sqrt(sq / (n - 1));
    }

    /**
     * Each {@link #MUST_BE_ZERO} count (not the rates among them) that the kept repetitions report,
     * summed over them, as a rate per operation with its Poisson interval ({@link EventRate}), in
     * name order. Empty without kept repetitions or operations.
     */
    public Map<String, EventRate> events() {
        Map<String, long[]> sums = new TreeMap<>(); // name -> {events, operations}
        for (RunRecord run : runs) {
            run.counters().forEach((k, v) -> {
                if (MUST_BE_ZERO.contains(k) && !k.endsWith("_per_million")) {
                    long[] sum = sums.computeIfAbsent(k, x -> new long[2]);
                    sum[0] += v;
                    sum[1] += run.operations();
                }
            });
        }
        Map<String, EventRate> out = new LinkedHashMap<>();
        sums.forEach((k, sum) -> {
            if (sum[1] > 0 && sum[0] >= 0) {
                out.put(k, EventRate.of(sum[0], sum[1]));
            }
        });
        return out;
    }

    /** The {@link #MUST_BE_ZERO} counters this cell reports as non-zero, in counter order. */
    public Map<String, Number> alarms() {
        Map<String, Number> out = new LinkedHashMap<>();
        counters.forEach((k, v) -> {
            if (MUST_BE_ZERO.contains(k) && v.doubleValue() != 0) {
                out.put(k, v);
            }
        });
        return out;
    }

    public boolean failed() {
        return error != null;
    }

    /**
     * A warning when this cell ran more {@link #PARTIES} than {@code cpus}: its parties then took
     * turns on the cores, so its throughput and latency include that time-slicing (CPU ns/op does
     * not). Empty when it did not, or the workload does not report its parties.
     */
    public Optional<String> oversubscription(int cpus) {
        Number parties = counters.get(PARTIES);
        if (parties == null || cpus < 1 || parties.doubleValue() <= cpus) {
            return Optional.empty();
        }
        return Optional.of("oversubscribed: " + SummaryCsv.text(parties) + " parties on " + cpus + " CPUs take turns on"
                + " the cores, so throughput and latency include time-slicing; CPU ns/op does not");
    }
}
