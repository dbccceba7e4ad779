package org.vdsolab.experiments.runner.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Two runs of the same cells compared cell by cell: for each cell both runs have (same swept
 * parameters) and each metric both have over their repetitions, the medians, their 95% intervals
 * and the ratio of medians B / A with its 95% bootstrap interval
 * ({@link Bootstrap#medianRatioInterval}). A ratio whose interval holds 1 is no detectable
 * difference. Throughput comes from the kept repetitions, or for summaries written before
 * repetitions were kept from {@code throughput_ops_per_s.each}. Immutable.
 *
 * @param rows   one per (common cell, metric), in A's cell order then {@link #METRICS} order
 * @param onlyA  parameters of A's cells that B does not have
 * @param onlyB  parameters of B's cells that A does not have
 */
public record RunComparison(List<Row> rows, List<Map<String, Object>> onlyA, List<Map<String, Object>> onlyB) {

    /** The metrics compared: cost and speed. */
    public static final List<CellMetric> METRICS = List.of(CellMetric.THROUGHPUT, CellMetric.CPU_NS_PER_OP,
            CellMetric.LATENCY_P99);

    /** One metric of one cell in both runs. */
    public record Row(Map<String, Object> params, CellMetric metric, MetricSummary a, MetricSummary b, double ratio,
                      Interval ratioInterval) {

        /** True if the ratio's interval holds 1: the runs do not differ detectably in this metric. */
        public boolean noDetectableDifference() {
            return ratioInterval.contains(1.0);
        }
    }

    public RunComparison {
        rows = List.copyOf(rows);
        onlyA = List.copyOf(onlyA);
        onlyB = List.copyOf(onlyB);
    }

    /** Compares {@code b} against {@code a}; failed cells and metrics without values are left out. */
    public static RunComparison of(RunSummary a, RunSummary b) {
        List<Row> rows = new ArrayList<>();
        List<Map<String, Object>> onlyA = new ArrayList<>();
        for (CellSummary ca : a.cells()) {
            CellSummary cb = b.cells().stream().filter(c -> c.params().equals(ca.params())).findFirst().orElse(null);
            if (cb == null) {
                onlyA.add(ca.params());
                continue;
            }
            for (CellMetric metric : METRICS) {
                double[] va = values(ca, metric);
                double[] vb = values(cb, metric);
                if (va.length == 0 || vb.length == 0 || !positive(va)) {
                    continue;
                }
                MetricSummary sa = MetricSummary.of(boxed(va));
                MetricSummary sb = MetricSummary.of(boxed(vb));
                rows.add(new Row(ca.params(), metric, sa, sb, sb.median() / sa.median(),
                        Bootstrap.medianRatioInterval(vb, va)));
            }
        }
        List<Map<String, Object>> onlyB = new ArrayList<>();
        for (CellSummary cb : b.cells()) {
            if (a.cells().stream().noneMatch(c -> c.params().equals(cb.params()))) {
                onlyB.add(cb.params());
            }
        }
        return new RunComparison(rows, onlyA, onlyB);
    }

    private static double[] values(CellSummary cell, CellMetric metric) {
        if (cell.failed()) {
            return new double[0];
        }
        if (cell.runs().isEmpty() && metric == CellMetric.THROUGHPUT) {
            return cell.throughputEach().stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).toArray();
        }
        return cell.runs().stream().mapToDouble(metric::of).filter(Double::isFinite).toArray();
    }

    private static boolean positive(double[] values) {
        for (double v : values) {
            if (!(v > 0)) {
                return false;
            }
        }
        return true;
    }

    private static List<Double> boxed(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return out;
    }
}
