package org.vdsolab.experiments.runner.results;

import java.util.List;

/**
 * One metric of a cell over its measured repetitions: the median, its 95% bootstrap interval
 * ({@link Bootstrap#medianInterval}) and the number of repetitions it comes from. Immutable.
 */
public record MetricSummary(double median, double ci95Low, double ci95High, int n) {

    /** The summary of {@code values}, one per repetition; null when there are none. */
    public static MetricSummary of(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Interval ci = Bootstrap.medianInterval(v);
        return new MetricSummary(Bootstrap.median(v), ci.low(), ci.high(), v.length);
    }

    public Interval interval() {
        return new Interval(ci95Low, ci95High);
    }
}
