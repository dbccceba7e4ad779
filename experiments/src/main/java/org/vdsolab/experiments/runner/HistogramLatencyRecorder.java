package org.vdsolab.experiments.runner;

import org.HdrHistogram.Histogram;
import org.vdsolab.api.workload.LatencyRecorder;

import java.util.concurrent.TimeUnit;

/**
 * A {@link LatencyRecorder} over one plain (non-concurrent) HdrHistogram: the runner gives each
 * workload thread its own, so recording is a few plain stores and no atomic operation, and merges
 * them when the repetition ends. Three significant digits; sized for 1 ns .. 10 s up front and
 * auto-resizing beyond, so a recording never fails for being too large.
 *
 * <p>Not thread-safe: one thread records; another may read it only after that thread has finished
 * (a happens-before edge such as {@link Thread#join()}).
 */
public final class HistogramLatencyRecorder implements LatencyRecorder {

    /** Significant decimal digits every latency histogram keeps. */
    public static final int SIGNIFICANT_DIGITS = 3;

    private final Histogram histogram;

    public HistogramLatencyRecorder() {
        histogram = new Histogram(1, TimeUnit.SECONDS.toNanos(10), SIGNIFICANT_DIGITS);
        histogram.setAutoResize(true);
    }

    /** A fresh latency histogram with the runner's precision. */
    public static Histogram newHistogram() {
        Histogram h = new Histogram(1, TimeUnit.SECONDS.toNanos(10), SIGNIFICANT_DIGITS);
        h.setAutoResize(true);
        return h;
    }

    @Override
    public void record(long nanos) {
        if (nanos < 0) {
            throw negative(nanos);
        }
        histogram.recordValue(nanos);
    }

    /** One bucket update for all {@code count} samples (how a child process's histogram is merged). */
    @Override
    public void record(long nanos, long count) {
        if (nanos < 0 || count < 0) {
            throw nanos < 0 ? negative(nanos) : new IllegalArgumentException("latency sample count must be >= 0, got " + count);
        }
        histogram.recordValueWithCount(nanos, count);
    }

    /** The samples recorded so far (live view; read only after the recording thread finished). */
    public Histogram histogram() {
        return histogram;
    }

    private static IllegalArgumentException negative(long nanos) {
        return new IllegalArgumentException("a latency sample of " + nanos + " ns is negative: the workload measured"
                + " an end before its start");
    }
}
