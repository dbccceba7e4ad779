package org.vdsolab.devices;

import org.vdsolab.api.device.IoResult;
import org.vdsolab.api.record.SqeView;
import org.vdsolab.api.uring.Errno;
import org.vdsolab.api.uring.Timespec;
import org.vdsolab.api.uring.UringOp;

import java.lang.foreign.MemorySegment;

/**
 * A TIMEOUT SQE answered by a device model as a pure timer (Linux's {@code off == 0} case): it
 * completes with {@code -ETIME} when its time has come. {@code addr} is the offset of a Linux
 * {@code __kernel_timespec} in the buffer area, decoded and bounded by platform-api's
 * {@link Timespec} exactly as the kernel pollers do; {@code len} must be 1, {@code op_flags} may
 * hold {@link UringOp#TIMEOUT_ABS}. The kernel pollers may serve timeouts themselves; this exists so
 * a model never rejects a well-formed one. Stateless; thread-safe.
 */
final class Timeouts {
    private Timeouts() { }

    /**
     * Answers a TIMEOUT: {@code -ETIME} at the deadline; {@code -EFAULT} if the timespec lies outside
     * {@code buffers}; {@code -EINVAL} for {@code len != 1}, unknown flags or a timespec
     * {@link Timespec#waitNanos} refuses; {@code -EOPNOTSUPP} for a counted timeout
     * ({@code off != 0}), which needs the ring's completion count that a device does not see.
     */
    static void serve(long nowNanos, SqeView sqe, MemorySegment buffers, IoResult out) {
        if (sqe.len() != 1 || (sqe.opFlags() & ~UringOp.TIMEOUT_ABS) != 0) {
            out.set(nowNanos, -Errno.EINVAL);
            return;
        }
        if (sqe.off() != 0) {
            out.set(nowNanos, -Errno.EOPNOTSUPP);
            return;
        }
        if (!Timespec.fits(buffers == null ? 0 : buffers.byteSize(), sqe.addr())) {
            out.set(nowNanos, -Errno.EFAULT);
            return;
        }
        long wait = Timespec.waitNanos(buffers, sqe.addr(), (sqe.opFlags() & UringOp.TIMEOUT_ABS) != 0, nowNanos);
        if (wait < 0) {
            out.set(nowNanos, (int) wait);
        } else {
            out.set(nowNanos + wait, -Errno.ETIME);
        }
    }
}
