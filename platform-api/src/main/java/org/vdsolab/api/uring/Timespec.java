package org.vdsolab.api.uring;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The one decoder of the Linux {@code __kernel_timespec} a TIMEOUT SQE points at
 * ({@code i64 tv_sec, i64 tv_nsec}, native order, {@value #BYTES} bytes at any alignment), with
 * the platform's bound on a wait ({@link UringOp#MAX_TIMEOUT_NANOS}). The kernel pollers and the
 * device models both answer TIMEOUTs through it, so a timespec means the same wait, and is refused
 * for the same reasons, wherever it is served.
 *
 * <p>Nothing here throws for bad values or allocates: {@link #waitNanos} returns a wait or a
 * negative errno. Stateless; thread-safe.
 */
public final class Timespec {
    private Timespec() { }

    /** Size of a {@code __kernel_timespec}. */
    public static final int BYTES = 16;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Largest {@code tv_sec} whose value in nanoseconds, plus a normalised {@code tv_nsec}, fits a long. */
    private static final long MAX_ABSOLUTE_SECONDS = Long.MAX_VALUE / NANOS_PER_SECOND - 1;
    // Unaligned: the timespec sits wherever the submitter put it in its buffer area, and heap areas
    // backed by byte[] refuse aligned long accesses.
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;

    /** Whether a timespec at {@code offset} lies inside an area of {@code areaBytes}; never overflows. */
    public static boolean fits(long areaBytes, long offset) {
        return offset >= 0 && areaBytes >= BYTES && offset <= areaBytes - BYTES;
    }

    /**
     * How long a TIMEOUT waits from {@code nowNanos}, read from the timespec at {@code offset} of
     * {@code area} (the caller has checked it {@link #fits}).
     *
     * @param absolute whether the SQE has {@link UringOp#TIMEOUT_ABS}: the timespec is then a point on
     *                 the {@link System#nanoTime()} clock, and one already past waits 0
     * @return the wait in {@code [0, MAX_TIMEOUT_NANOS]}, or {@code -EINVAL} for a negative or
     *         non-normalised timespec ({@code tv_nsec} outside {@code [0, 10^9)}) or a wait longer
     *         than {@link UringOp#MAX_TIMEOUT_NANOS}
     */
    public static long waitNanos(MemorySegment area, long offset, boolean absolute, long nowNanos) {
        long sec = area.get(I64, offset);
        long nsec = area.get(I64, offset + 8);
        if (sec < 0 || nsec < 0 || nsec >= NANOS_PER_SECOND) {
            return -Errno.EINVAL;
        }
        if (absolute) {
            if (sec > MAX_ABSOLUTE_SECONDS) {
                return -Errno.EINVAL;
            }
            long wait = sec * NANOS_PER_SECOND + nsec - nowNanos;
            return wait > UringOp.MAX_TIMEOUT_NANOS ? -Errno.EINVAL : Math.max(0, wait);
        }
        if (sec > UringOp.MAX_TIMEOUT_NANOS / NANOS_PER_SECOND) {   // checked before multiplying: no overflow
            return -Errno.EINVAL;
        }
        long wait = sec * NANOS_PER_SECOND + nsec;
        return wait > UringOp.MAX_TIMEOUT_NANOS ? -Errno.EINVAL : wait;
    }
}
