package org.vdsolab.experiments.bench;

import java.util.List;
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
     * A score with its error (JMH's 99.9% half-interval; NaN when one iteration was measured), its
     * unit and the mean of each fork's measured iterations (JMH's {@code rawData}; empty when the
     * file has none).
     */
    public record Metric(double score, double error, String unit, List<Double> forks) {

        /** Fork means differing by more than this factor (largest over smallest) may be two modes. */
        public static final double BIMODAL_SPREAD = 1.5;

        public Metric {
            forks = List.copyOf(forks);
        }

        public Metric(double score, double error, String unit) {
            this(score, error, unit, List.of());
        }

        /** score - error; NaN without an error. */
        public double low() {
            return score - error;
        }

        /** score + error; NaN without an error. */
        public double high() {
            return score + error;
        }

        /**
         * True when the forks fall into two groups: their means differ by more than
         * {@link #BIMODAL_SPREAD}x and the widest gap between neighbouring sorted means is more than
         * half of their whole range. Such a score is the mean of two different behaviours (a JIT or
         * placement decision made once per JVM), and its error bar describes neither.
         */
        public boolean bimodal() {
            if (forks.size() < 2) {
                return false;
            }
            List<Double> sorted = forks.stream().sorted().toList();
            double min = sorted.getFirst();
            double max = sorted.getLast();
            if (!(min > 0) || max / min <= BIMODAL_SPREAD) {
                return false;
            }
            double widest = 0;
            for (int i = 1; i < sorted.size(); i++) {
                widest = Math.max(widest, sorted.get(i) - sorted.get(i - 1));
            }
            return widest > (max - min) / 2;
        }
    }

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
