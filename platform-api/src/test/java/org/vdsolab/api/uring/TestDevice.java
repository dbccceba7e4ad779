package org.vdsolab.api.uring;

import org.vdsolab.api.device.DeviceModel;
import org.vdsolab.api.device.IoResult;
import org.vdsolab.api.record.SqeView;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test-double device: {@code capacity} bytes of memory, a fixed service time, and two ways to
 * misbehave on purpose (a result of -EIO, or throwing, when a request touches {@link #failOffset}
 * or {@link #throwOffset}). It counts every request that reaches it with a range outside its
 * bounds or outside the buffer slice: the kernel's validation must keep that at zero.
 */
final class TestDevice implements DeviceModel {

    final MemorySegment store;
    final long latencyNanos;
    volatile long failOffset = -1;
    volatile long throwOffset = -1;
    /** A request at this offset throws OutOfMemoryError (the JVM's trouble, not the request's). */
    volatile long outOfMemoryOffset = -1;
    final AtomicLong requests = new AtomicLong();
    final AtomicLong outOfBounds = new AtomicLong();
    final AtomicLong fsyncs = new AtomicLong();

    TestDevice(long capacity, long latencyNanos) {
        this.store = Arena.ofShared().allocate(capacity, 64);
        this.latencyNanos = latencyNanos;
    }

    @Override public String describe() { return "test device " + store.byteSize() + " B, " + latencyNanos + " ns"; }

    @Override public long capacityBytes() { return store.byteSize(); }

    @Override
    public void submit(long nowNanos, SqeView sqe, MemorySegment buffers, IoResult out) {
        requests.incrementAndGet();
        long len = sqe.len() & 0xFFFF_FFFFL;
        long off = sqe.off();
        if (sqe.opcode() == UringOp.FSYNC) {
            fsyncs.incrementAndGet();
            out.set(nowNanos + latencyNanos, 0);
            return;
        }
        if (off < 0 || off + len > store.byteSize() || sqe.addr() < 0 || sqe.addr() + len > buffers.byteSize()) {
            outOfBounds.incrementAndGet();
            out.set(nowNanos, -Errno.EIO);
            return;
        }
        if (off == throwOffset) {
            throw new IllegalStateException("test device told to throw at offset " + off);
        }
        if (off == outOfMemoryOffset) {
            throw new OutOfMemoryError("test device told to run out of memory at offset " + off);
        }
        if (off == failOffset) {
            out.set(nowNanos + latencyNanos, -Errno.EIO);
            return;
        }
        if (sqe.opcode() == UringOp.READ) {
            MemorySegment.copy(store, off, buffers, sqe.addr(), len);
        } else {
            MemorySegment.copy(buffers, sqe.addr(), store, off, len);
        }
        out.set(nowNanos + latencyNanos, (int) len);
    }
}
