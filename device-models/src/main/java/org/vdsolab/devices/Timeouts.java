package org.vdsolab.devices;

import org.vdsolab.api.device.IoResult;
import org.vdsolab.api.record.SqeView;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A TIMEOUT SQE answered by a device model as a pure timer (Linux's {@code off == 0} case): it
 * completes with {@code -ETIME} when its time has come. {@code addr} is the offset of a Linux
 * {@code __kernel_timespec} ({@code i64 tv_sec, i64 tv_nsec}, native order) in the buffer area,
 * {@code len} must be 1, {@code op_flags} may hold {@code IORING_TIMEOUT_ABS} (the timespec is then
 * a point on the {@link System#nanoTime()} clock). The kernel pollers may serve timeouts
 * themselves; this exists so a model never rejects a well-formed one. Stateless; thread-safe.
 */
final class Timeouts {
    private Timeouts() { }

    /** {@code IORING_TIMEOUT_ABS}. */
    static final int ABS = 1;
    /** Longest wait accepted, the same bound as platform-api's {@code UringOp.MAX_TIMEOUT_NANOS}: one minute. */
    static final long MAX_TIMEOUT_NANOS = 60_000_000_000L;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;

    /**
     * Answers a TIMEOUT: {@code -ETIME} at the deadline; {@code -EFAULT} if the timespec lies outside
     * {@code buffers}; {@code -EINVAL} for {@code len != 1}, unknown flags, a negative or
     * non-normalised timespec, or a wait longer than {@link #MAX_TIMEOUT_NANOS}; {@code -EOPNOTSUPP}
     * for a counted timeout ({@code off != 0}), which needs the ring's completion count that a
     * device does not see.
     */
    static void serve(long nowNanos, SqeView sqe, MemorySegment buffers, IoResult out) {
        if (sqe.len() != 1 || (sqe.opFlags() & ~ABS) != 0) {
            out.set(nowNanos, -Errnos.EINVAL);
            return;
        }
        if (sqe.off() != 0) {
            out.set(nowNanos, -Errnos.EOPNOTSUPP);
            return;
        }
        long addr = sqe.addr();
        if (!Requests.inRange(buffers == null ? 0 : buffers.byteSize(), addr, 16)) {
            out.set(nowNanos, -Errnos.EFAULT);
            return;
        }
        long sec = buffers.get(I64, addr);
        long nsec = buffers.get(I64, addr + 8);
        if (sec < 0 || nsec < 0 || nsec >= NANOS_PER_SECOND) {
            out.set(nowNanos, -Errnos.EINVAL);
            return;
        }
        if ((sqe.opFlags() & ABS) != 0) {
            if (sec > Long.MAX_VALUE / NANOS_PER_SECOND - 1) {
                out.set(nowNanos, -Errnos.EINVAL);
                return;
            }
            long deadline = sec * NANOS_PER_SECOND + nsec;
            if (deadline - nowNanos > MAX_TIMEOUT_NANOS) {
                out.set(nowNanos, -Errnos.EINVAL);
                return;
            }
            out.set(Math.max(nowNanos, deadline), -Errnos.ETIME);
        } else {
            if (sec > MAX_TIMEOUT_NANOS / NANOS_PER_SECOND) {   // checked before multiplying: no overflow
                out.set(nowNanos, -Errnos.EINVAL);
                return;
            }
            long wait = sec * NANOS_PER_SECOND + nsec;
            if (wait > MAX_TIMEOUT_NANOS) {
                out.set(nowNanos, -Errnos.EINVAL);
                return;
            }
            out.set(nowNanos + wait, -Errnos.ETIME);
        }
    }
}
