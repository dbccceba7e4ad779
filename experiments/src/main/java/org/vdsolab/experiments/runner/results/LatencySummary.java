package org.vdsolab.experiments.runner.results;

import org.HdrHistogram.AbstractHistogram;

/**
 * The latency percentiles {@code summary.json} reports for a cell, in nanoseconds, as HdrHistogram
 * computes them (each value is the highest value equivalent to the percentile's bucket, so within
 * the histogram's precision: 3 significant digits, 0.1%). Immutable.
 *
 * @param count samples recorded (not written to summary.json; the .hlog has it)
 */
public record LatencySummary(long p50, long p90, long p99, long p999, long max, long count) {

    /** The percentiles of {@code histogram}, or null when it holds no samples. */
    public static LatencySummary of(AbstractHistogram histogram) {
        if (histogram == null || histogram.getTotalCount() == 0) {
            return null;
        }
        return new LatencySummary(
                histogram.getValueAtPercentile(50.0),
                histogram.getValueAtPercentile(90.0),
                histogram.getValueAtPercentile(99.0),
                histogram.getValueAtPercentile(99.9),
                histogram.getMaxValue(),
                histogram.getTotalCount());
    }
}
