package org.vdsolab.devices;

import org.vdsolab.api.device.IoResult;
import org.vdsolab.api.record.SqeView;

import java.lang.foreign.MemorySegment;

/**
 * A device with one constant service time for every READ/WRITE and FSYNC, served by {@code units}
 * identical units (a request takes the unit that frees up first and starts at
 * {@code max(now, its busy-until)}), or by unlimited units (every request completes
 * {@code service} after its submission, like null_blk's timer mode). NOP completes at once. No data
 * moves.
 *
 * <p>Thread-safe and lock-free ({@link BusyUnits}).
 */
public final class FixedDevice extends ValidatingDevice {

    private final String profile;
    private final long serviceNanos;
    private final BusyUnits units;   // null: unlimited parallelism

    FixedDevice(String profile, long serviceNanos, int units, long capacity) {
        super(capacity);
        this.profile = profile;
        this.serviceNanos = serviceNanos;
        this.units = units == FixedDeviceProvider.UNLIMITED ? null : new BusyUnits(units);
    }

    @Override public String describe() {
        return FixedDeviceProvider.NAME + (profile == null ? "" : "/" + profile) + " (service " + serviceNanos + " ns, "
                + (units == null ? "unlimited" : units.units()) + " units, capacity " + capacity + " B)";
    }

    @Override
    protected void serveData(long nowNanos, SqeView sqe, MemorySegment buffers, boolean write, long off, int len, IoResult out) {
        out.set(complete(nowNanos), len);
    }

    @Override
    protected void serveFsync(long nowNanos, SqeView sqe, IoResult out) {
        out.set(complete(nowNanos), 0);
    }

    private long complete(long nowNanos) {
        return units == null ? nowNanos + serviceNanos : units.occupyEarliest(nowNanos, serviceNanos);
    }
}
