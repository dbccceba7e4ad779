package org.vdsolab.experiments.bench;

import java.util.Map;

/**
 * One benchmark result of a JMH JSON file: which benchmark ({@code Class.method}, package
 * dropped), its mode and parameters, its primary score and its secondary metrics (group methods,
 * auxiliary counters, profiler outputs such as {@code gc.alloc.rate.norm}). Immutable.
 *
 * @param benchmark simple name, e.g. {@code OneToOneBench.p1c1}
 * @param mode      JMH mode, e.g. {@code thrpt}, {@code avgt}
 * @param params    benchmark parameters, e.g. {@code queue=vsched}
 * @param primary   the primary metric
 * @param secondary secondary metrics by name
 */
public record JmhResult(String benchmark, String mode, Map<String, String> params, Metric primary, Map<String, Metric> secondary) {

    /** The secondary counter of records actually moved, set by {@link TransferCounters}. */
    public static final String POPPED = "popped";
    /** JMH's gc profiler: bytes allocated per operation. */
    public static final String ALLOC_NORM = "gc.alloc.rate.norm";

    /**
     * A score with its error (JMH's 99.9% half-interval; NaN when one iteration was measured) and unit.
     */
    public record Metric(double score, double error, String unit) { }

    public JmhResult {
        params = Map.copyOf(params);
        secondary = Map.copyOf(secondary);
    }

    /** The value of parameter {@code name}, or null. */
    public String param(String name) {
        return params.get(name);
    }

    /**
     * The figure a comparison uses: records moved per second ({@link #POPPED}) for producer/consumer
     * benchmarks, which also count failed attempts in their primary score; the primary score otherwise.
     */
    public Metric headline() {
        Metric popped = secondary.get(POPPED);
        return popped != null ? popped : primary;
    }

    /** Bytes allocated per operation by the gc profiler, or null when it did not run. */
    public Metric allocation() {
        for (Map.Entry<String, Metric> e : secondary.entrySet()) {
            if (e.getKey().endsWith(ALLOC_NORM)) {   // JMH versions differ in a leading marker
                return e.getValue();
            }
        }
        return null;
    }
}
