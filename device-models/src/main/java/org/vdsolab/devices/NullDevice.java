package org.vdsolab.devices;

import org.vdsolab.api.device.IoResult;
import org.vdsolab.api.record.SqeView;

import java.lang.foreign.MemorySegment;

/**
 * The harness floor: every valid request completes at the moment it is submitted, READ/WRITE with
 * {@code res = len} (no data moves), FSYNC and NOP with 0. Invalid requests get the same errors as
 * on every other model. Stateless apart from its capacity; thread-safe.
 */
public final class NullDevice extends ValidatingDevice {

    NullDevice(long capacity) {
        super(capacity);
    }

    @Override public String describe() {
        return NullDeviceProvider.NAME + " (completes at once, capacity " + capacity + " B)";
    }

    @Override
    protected void serveData(long nowNanos, SqeView sqe, MemorySegment buffers, boolean write, long off, int len, IoResult out) {
        out.set(nowNanos, len);
    }

    @Override
    protected void serveFsync(long nowNanos, SqeView sqe, IoResult out) {
        out.set(nowNanos, 0);
    }
}
