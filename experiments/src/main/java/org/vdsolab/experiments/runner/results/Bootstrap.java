package org.vdsolab.experiments.runner.results;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile-bootstrap confidence intervals of the median over a cell's repetitions: resample the
 * repetitions with replacement {@link #RESAMPLES} times, take each resample's median, and report
 * the 2.5th and 97.5th percentiles of those medians. No assumption about the distribution (run
 * times on a shared machine are skewed, with slow outliers), and the same answer for the same
 * data: the resampling is seeded with {@link #SEED}. With few repetitions the interval is only as
 * wide as the data allows (one repetition gives a zero-width interval at its value; the summary's
 * {@code n} says how much to trust it). Stateless, thread-safe.
 */
public final class Bootstrap {

    /** Resamples per interval: enough for stable 2.5% / 97.5% percentiles (250 medians beyond each). */
    public static final int RESAMPLES = 10_000;
    /** Fixed, so that the same repetitions always give the same interval. */
    public static final long SEED = 1;

    private Bootstrap() { }

    /** The median of {@code values} (the mean of the middle two for an even count). */
    public static double median(double[] values) {
        requireValues(values);
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sortedMedian(sorted);
    }

    /** The 95% percentile-bootstrap interval of the median of {@code values}. */
    public static Interval medianInterval(double[] values) {
        requireValues(values);
        int n = values.length;
        SplittableRandom random = new SplittableRandom(SEED);
        double[] medians = new double[RESAMPLES];
        double[] resample = new double[n];
        for (int r = 0; r < RESAMPLES; r++) {
            for (int i = 0; i < n; i++) {
                resample[i] = values[random.nextInt(n)];
            }
            Arrays.sort(resample);
            medians[r] = sortedMedian(resample);
        }
        Arrays.sort(medians);
        return new Interval(medians[(int) Math.floor(0.025 * (RESAMPLES - 1))],
                medians[(int) Math.ceil(0.975 * (RESAMPLES - 1))]);
    }

    /**
     * The 95% interval of the ratio of medians {@code median(a) / median(b)}: each resample draws
     * from {@code a} and from {@code b} independently (the two sets of repetitions are independent
     * runs). Every value of {@code b} must be positive.
     */
    public static Interval medianRatioInterval(double[] a, double[] b) {
        requireValues(a);
        requireValues(b);
        for (double v : b) {
            if (!(v > 0)) {
                throw new IllegalArgumentException("a ratio needs a positive denominator; got " + v);
            }
        }
        SplittableRandom random = new SplittableRandom(SEED);
        double[] ratios = new double[RESAMPLES];
        double[] ra = new double[a.length];
        double[] rb = new double[b.length];
        for (int r = 0; r < RESAMPLES; r++) {
            for (int i = 0; i < ra.length; i++) {
                ra[i] = a[random.nextInt(ra.length)];
            }
            for (int i = 0; i < rb.length; i++) {
                rb[i] = b[random.nextInt(rb.length)];
            }
            Arrays.sort(ra);
            Arrays.sort(rb);
            ratios[r] = sortedMedian(ra) / sortedMedian(rb);
        }
        Arrays.sort(ratios);
        return new Interval(ratios[(int) Math.floor(0.025 * (RESAMPLES - 1))],
                ratios[(int) Math.ceil(0.975 * (RESAMPLES - 1))]);
    }

    private static double sortedMedian(double[] sorted) {
        int n = sorted.length;
        return (n & 1) == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void requireValues(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values: a median needs at least one repetition");
        }
        for (double v : values) {
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("not a finite value: " + v);
            }
        }
    }
}
