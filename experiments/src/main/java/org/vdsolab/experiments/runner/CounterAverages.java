package org.vdsolab.experiments.runner;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Combines a cell's workload counters over its measured repetitions into one value each: the
 * mean per repetition. One rule fits every kind of counter a workload reports: counts
 * ({@code records} is then the records of one repetition, and a non-zero {@code lost} means some
 * repetition lost records: 0.5 with two repetitions is one record lost in total), rates
 * ({@code torn_per_million}) and settings echoed back ({@code consumers_effective}). A mean that
 * is a whole number is reported as one. Not thread-safe.
 */
public final class CounterAverages {

    private final Map<String, Long> sums = new TreeMap<>();
    private final Map<String, Integer> seen = new TreeMap<>();

    /** Adds one repetition's counters. */
    public void add(Map<String, Long> counters) {
        counters.forEach((k, v) -> {
            sums.merge(k, v, Math::addExact);
            seen.merge(k, 1, Integer::sum);
        });
    }

    /**
     * Each counter's mean over the repetitions that reported it, names sorted: a {@link Long}
     * when whole, else a {@link Double}.
     */
    public Map<String, Number> result() {
        Map<String, Number> out = new LinkedHashMap<>();
        sums.forEach((k, sum) -> {
            int n = seen.get(k);
            out.put(k, sum % n == 0 ? (Number) (sum / n) : (Number) (sum / (double) n));
        });
        return out;
    }
}
