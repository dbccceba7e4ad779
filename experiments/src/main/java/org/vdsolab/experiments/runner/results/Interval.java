package org.vdsolab.experiments.runner.results;

/**
 * A closed interval {@code [low, high]} of a metric: a 95% confidence interval in the summaries.
 * Immutable.
 */
public record Interval(double low, double high) {

    public Interval {
        if (Double.isNaN(low) || Double.isNaN(high) || low > high) {
            throw new IllegalArgumentException("not an interval: [" + low + ", " + high + "]");
        }
    }

    /**
     * True if the two intervals share a point: two designs whose intervals overlap show no
     * detectable difference.
     */
    public boolean overlaps(Interval other) {
        return low <= other.high && other.low <= high;
    }

    public boolean contains(double value) {
        return low <= value && value <= high;
    }
}
