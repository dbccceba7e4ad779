package org.vdsolab.api.uring;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one timespec decoder: relative and absolute waits, the one-minute bound, refusals, bounds of the area. */
class TimespecTest {

    private static final long SEC = 1_000_000_000L;
    private static final long NOW = 5_000 * SEC;

    private static MemorySegment timespec(long sec, long nsec) {
        MemorySegment area = MemorySegment.ofArray(new byte[40]);
        area.set(ValueLayout.JAVA_LONG_UNALIGNED, 3, sec);     // unaligned on purpose
        area.set(ValueLayout.JAVA_LONG_UNALIGNED, 11, nsec);
        return area;
    }

    private static long relative(long sec, long nsec) {
        return Timespec.waitNanos(timespec(sec, nsec), 3, false, NOW);
    }

    private static long absolute(long sec, long nsec) {
        return Timespec.waitNanos(timespec(sec, nsec), 3, true, NOW);
    }

    @Test
    void relativeWaitIsTheTimespecUpToOneMinute() {
        assertEquals(0, relative(0, 0));
        assertEquals(2 * SEC + 5, relative(2, 5));
        assertEquals(UringOp.MAX_TIMEOUT_NANOS, relative(60, 0), "exactly the bound is allowed");
        assertEquals(-Errno.EINVAL, relative(60, 1), "one nanosecond past the bound");
        assertEquals(-Errno.EINVAL, relative(Long.MAX_VALUE, 0), "huge seconds: refused, no overflow");
    }

    @Test
    void absoluteWaitIsMeasuredFromNowAndAPastDeadlineWaitsZero() {
        assertEquals(3 * SEC, absolute(5_003, 0));
        assertEquals(0, absolute(4_000, 0), "a deadline already past");
        assertEquals(UringOp.MAX_TIMEOUT_NANOS, absolute(5_060, 0));
        assertEquals(-Errno.EINVAL, absolute(5_060, 1), "further than the bound from now");
        assertEquals(-Errno.EINVAL, absolute(Long.MAX_VALUE / SEC, 0), "seconds whose nanoseconds overflow");
    }

    @Test
    void negativeOrNonNormalisedTimespecsAreInvalid() {
        for (boolean abs : new boolean[] {false, true}) {
            assertEquals(-Errno.EINVAL, Timespec.waitNanos(timespec(-1, 0), 3, abs, NOW));
            assertEquals(-Errno.EINVAL, Timespec.waitNanos(timespec(0, -1), 3, abs, NOW));
            assertEquals(-Errno.EINVAL, Timespec.waitNanos(timespec(0, SEC), 3, abs, NOW));
        }
    }

    @Test
    void fitsChecksTheSixteenBytesWithoutOverflow() {
        assertTrue(Timespec.fits(16, 0));
        assertTrue(Timespec.fits(40, 24));
        assertFalse(Timespec.fits(40, 25));
        assertFalse(Timespec.fits(15, 0), "an area smaller than a timespec");
        assertFalse(Timespec.fits(40, -1));
        assertFalse(Timespec.fits(40, Long.MAX_VALUE - 4));
        assertFalse(Timespec.fits(0, 0), "no area");
    }
}
