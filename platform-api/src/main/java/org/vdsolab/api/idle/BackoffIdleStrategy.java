package org.vdsolab.api.idle;

import java.util.concurrent.locks.LockSupport;

/**
 * Waits gently, then less gently: {@code maxSpins} calls of {@link Thread#onSpinWait()}, then
 * {@code maxYields} calls of {@link Thread#yield()}, then {@link LockSupport#parkNanos(long)} for
 * {@code minParkNanos}, doubling on every further call up to {@code maxParkNanos}. The default of
 * the disruptor queue's handles and of the io_uring kernel pollers: short waits cost almost
 * nothing in latency, long waits (a pre-empted consumer in another process, more parties than
 * cores) stop burning a core.
 *
 * <p>Allocation-free: the state is three primitive fields. Not thread-safe: one instance per
 * waiting handle (see {@link IdleStrategy}).
 */
public final class BackoffIdleStrategy implements IdleStrategy {

    /** Where a back-off currently is in its escalation. */
    public enum Phase {
        /** Calling {@link Thread#onSpinWait()}. */
        SPINNING,
        /** Calling {@link Thread#yield()}. */
        YIELDING,
        /** Calling {@link LockSupport#parkNanos(long)} with a growing timeout. */
        PARKING
    }

    /** Default spins before yielding. */
    public static final int DEFAULT_MAX_SPINS = 64;
    /** Default yields before parking. */
    public static final int DEFAULT_MAX_YIELDS = 16;
    /** Default first park, in nanoseconds (the OS rounds it up to its timer slack, ~50 µs on Linux). */
    public static final long DEFAULT_MIN_PARK_NANOS = 1_000;
    /** Default longest park, in nanoseconds: bounds the wake-up delay a waiter adds once it parks. */
    public static final long DEFAULT_MAX_PARK_NANOS = 100_000;

    private final int maxSpins;
    private final int maxYields;
    private final long minParkNanos;
    private final long maxParkNanos;

    private int spins;
    private int yields;
    private long parkNanos;

    /** A back-off with the default limits. */
    public BackoffIdleStrategy() {
        this(DEFAULT_MAX_SPINS, DEFAULT_MAX_YIELDS, DEFAULT_MIN_PARK_NANOS, DEFAULT_MAX_PARK_NANOS);
    }

    /**
     * A back-off with the given limits.
     *
     * @throws IllegalArgumentException if a count is negative or the park range is not
     *                                  {@code 0 < minParkNanos <= maxParkNanos}
     */
    public BackoffIdleStrategy(int maxSpins, int maxYields, long minParkNanos, long maxParkNanos) {
        if (maxSpins < 0) {
            throw new IllegalArgumentException("back-off maxSpins must be >= 0, got " + maxSpins);
        }
        if (maxYields < 0) {
            throw new IllegalArgumentException("back-off maxYields must be >= 0, got " + maxYields);
        }
        if (minParkNanos <= 0 || maxParkNanos < minParkNanos) {
            throw new IllegalArgumentException("back-off park range must satisfy 0 < minParkNanos <= maxParkNanos, got "
                    + minParkNanos + ".." + maxParkNanos);
        }
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.minParkNanos = minParkNanos;
        this.maxParkNanos = maxParkNanos;
        reset();
    }

    @Override
    public void idle() {
        if (spins < maxSpins) {
            spins++;
            Thread.onSpinWait();
        } else if (yields < maxYields) {
            yields++;
            Thread.yield();
        } else {
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(parkNanos << 1, maxParkNanos);
        }
    }

    @Override
    public void reset() {
        spins = 0;
        yields = 0;
        parkNanos = minParkNanos;
    }

    /** The phase the next {@link #idle()} call will use (for monitoring and tests). */
    public Phase phase() {
        if (spins < maxSpins) {
            return Phase.SPINNING;
        }
        return yields < maxYields ? Phase.YIELDING : Phase.PARKING;
    }

    /** The timeout the next park will use, in nanoseconds (for monitoring and tests). */
    public long nextParkNanos() {
        return parkNanos;
    }

    @Override
    public String toString() {
        return "backoff(spins=" + maxSpins + ", yields=" + maxYields + ", park=" + minParkNanos + ".." + maxParkNanos + "ns)";
    }
}
