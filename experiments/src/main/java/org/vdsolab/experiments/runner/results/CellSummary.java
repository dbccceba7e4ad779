package org.vdsolab.experiments.runner.results;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 */
public record CellSummary(int index, Map<String, Object> params, int repetitions, List<Double> throughputEach,
                          LatencySummary latency, Map<String, Number> counters, String error, List<String> notes) {

    /** A cell without notes. */
    public CellSummary(int index, Map<String, Object> params, int repetitions, List<Double> throughputEach,
                       LatencySummary latency, Map<String, Number> counters, String error) {
        this(index, params, repetitions, throughputEach, latency, counters, error, List.of());
    }

    /**
     * Counters that count what a correct exactly-once queue or I/O path never does: a non-zero
     * value is shown highlighted in the report and named on the console.
     */
    public static final java.util.Set<String> MUST_BE_ZERO = java.util.Set.of("lost", "duplicated", "torn",
            "out_of_order_per_producer", "torn_per_million", "errors", "cq_overflow", "misrouted");

    public CellSummary {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        throughputEach = List.copyOf(throughputEach);
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
        notes = List.copyOf(notes);
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
}
