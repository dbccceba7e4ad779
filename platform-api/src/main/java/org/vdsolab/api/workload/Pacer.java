package org.vdsolab.api.workload;

import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop arrival schedule: when request {@code i} is due, at a constant rate or with
 * Poisson arrivals (exponential inter-arrival times) from a seed, and a wait until then.
 *
 * <p>In an open loop the sender does not wait for replies, so a stall delays the requests behind
 * it; their latency must be measured from the time they were SCHEDULED, not from when the stalled
 * sender got round to sending them, or the stall vanishes from the histogram (coordinated
 * omission, see HdrHistogram's notes). Use the value {@link #awaitNext()} returns as the send
 * timestamp.
 *
 * <p>The schedule is a pure function of (arrival, rate, seed, start, i): inter-arrival time
 * {@code k} is {@code -ln(1 - u_k) / rate} with {@code u_k} drawn from a counter-based generator
 * (SplitMix64 of {@code seed} and {@code k}), so any request's time can be recomputed and two
 * pacers with the same arguments agree. Several producers sharing a total rate each get a pacer at
 * {@code rate / producers} with a distinct seed; the union of independent Poisson streams is a
 * Poisson stream of the total rate.
 *
 * <p>Allocation-free after construction. Not thread-safe: one pacer per sending thread.
 */
public final class Pacer {

    /** How arrivals are spaced. */
    public enum Arrival {
        /** Exactly {@code 1/rate} apart. */
        CONSTANT,
        /** Exponentially distributed gaps of mean {@code 1/rate}: a Poisson process. */
        POISSON;

        /**
         * Parses {@code constant} or {@code poisson} (any case).
         *
         * @throws IllegalArgumentException naming the value and the allowed ones
         */
        public static Arrival parse(String value) {
            for (Arrival a : values()) {
                if (a.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
                    return a;
                }
            }
            throw new IllegalArgumentException("arrival '" + value + "' is not one of constant, poisson");
        }
    }

    /** Below this much time left the waiter spins (with {@link Thread#onSpinWait()}). */
    static final long SPIN_NANOS = 2_000;
    /** Above this much time left the waiter parks; parkNanos oversleeps by tens of microseconds, so it parks short. */
    static final long PARK_NANOS = 100_000;
    private static final long PARK_MARGIN_NANOS = 60_000;

    private final Arrival arrival;
    private final double rate;
    private final double meanGapNanos;
    private final long seed;
    private long start;
    private long next;
    // POISSON: the schedule offset of request cursorIndex, accumulated in double to avoid drift.
    private long cursorIndex;
    private double cursorOffset;

    private Pacer(Arrival arrival, double ratePerSecond, long seed, long startNanos) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("open-loop rate must be a positive number of requests per second, got " + ratePerSecond);
        }
        this.arrival = arrival;
        this.rate = ratePerSecond;
        this.meanGapNanos = 1e9 / ratePerSecond;
        this.seed = seed;
        this.start = startNanos;
    }

    /** Requests exactly {@code 1/rate} apart, the first at {@code startNanos} ({@link System#nanoTime()} clock). */
    public static Pacer constant(double ratePerSecond, long startNanos) {
        return new Pacer(Arrival.CONSTANT, ratePerSecond, 0, startNanos);
    }

    /** Poisson arrivals of mean rate {@code ratePerSecond} from {@code seed}, the first at {@code startNanos}. */
    public static Pacer poisson(double ratePerSecond, long seed, long startNanos) {
        return new Pacer(Arrival.POISSON, ratePerSecond, seed, startNanos);
    }

    /** A pacer of either kind; {@code seed} is ignored for CONSTANT. */
    public static Pacer of(Arrival arrival, double ratePerSecond, long seed, long startNanos) {
        return new Pacer(arrival, ratePerSecond, seed, startNanos);
    }

    public Arrival arrival() { return arrival; }

    /** Mean requests per second. */
    public double rate() { return rate; }

    /** The time request 0 is due. */
    public long startNanos() { return start; }

    /** Moves the whole schedule to begin at {@code startNanos} and rewinds to request 0 (call when the run starts). */
    public void restart(long startNanos) {
        this.start = startNanos;
        this.next = 0;
        this.cursorIndex = 0;
        this.cursorOffset = 0;
    }

    /** Index of the request {@link #awaitNext()} will wait for. */
    public long nextIndex() { return next; }

    /**
     * The time request {@code i} is due, on the {@link System#nanoTime()} clock. O(1) for
     * CONSTANT; for POISSON O(1) amortised when called with non-decreasing {@code i}.
     *
     * @throws IllegalArgumentException if {@code i} is negative
     */
    public long scheduledTime(long i) {
        if (i < 0) {
            throw new IllegalArgumentException("request index must not be negative, got " + i);
        }
        if (arrival == Arrival.CONSTANT) {
            return start + (long) (i * meanGapNanos);
        }
        if (i < cursorIndex) {
            cursorIndex = 0;
            cursorOffset = 0;
        }
        while (cursorIndex < i) {
            cursorOffset += gapNanos(cursorIndex++);
        }
        return start + (long) cursorOffset;
    }

    /** The gap between request {@code k} and {@code k+1}, in nanoseconds (not rounded). */
    public double gapNanos(long k) {
        if (arrival == Arrival.CONSTANT) {
            return meanGapNanos;
        }
        // 53 random bits -> u in [0, 1); -ln(1 - u) is exponential with mean 1 and never infinite.
        double u = (mix(seed + 0x9E37_79B9_7F4A_7C15L * (k + 1)) >>> 11) * 0x1.0p-53;
        return -Math.log1p(-u) * meanGapNanos;
    }

    /**
     * Waits until the next request is due and returns its scheduled time (use it as the send
     * timestamp); returns at once if it is already overdue.
     */
    public long awaitNext() {
        long due = scheduledTime(next++);
        awaitUntil(due);
        return due;
    }

    /**
     * Waits until {@link System#nanoTime()} reaches {@code deadline}: parks while far, yields while
     * near, spins for the last microseconds. Returns at once if the deadline has passed. Never
     * allocates.
     */
    public static void awaitUntil(long deadline) {
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            if (left > PARK_NANOS) {
                LockSupport.parkNanos(left - PARK_MARGIN_NANOS);
            } else if (left > SPIN_NANOS) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s arrivals at %.1f/s", arrival.name().toLowerCase(Locale.ROOT), rate);
    }

    // SplitMix64's finaliser: consecutive counters give independent-looking 64-bit values.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
