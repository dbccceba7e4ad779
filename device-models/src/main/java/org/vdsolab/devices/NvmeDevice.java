package org.vdsolab.devices;

import org.vdsolab.api.device.IoResult;
import org.vdsolab.api.record.SqeView;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated NVMe SSD after NVMeVirt's simple model: {@code units} parallel units, each busy
 * until its current request ends. A request goes to a unit (by address, {@code stripe}: the unit
 * holding its first byte, unit = (off / unitStripe) % units, as NVMeVirt; or {@code earliest}: the
 * unit that frees up first) and
 *
 * <pre>
 *   completion = max(now, unit busy-until) + base + len * nsPerByte + jitter
 * </pre>
 *
 * after which the unit is busy until that completion. Reads and writes have their own base and
 * transfer rate and share the heavy-tailed {@link HeavyTailJitter}. FSYNC completes once every
 * unit is idle, plus {@code flushNanos} (NVMeVirt's flush). NOP completes at once. No data moves.
 *
 * <p>Request {@code k} (in submission order) draws its jitter from {@code (seed, k)}, so a
 * single-threaded run is reproducible for a seed. Thread-safe and lock-free: a ticket
 * {@code getAndIncrement} and a CAS loop on one unit per request; no thread or timer per request.
 */
public final class NvmeDevice extends ValidatingDevice {

    /** The settings of one instance (resolved from a profile and overrides by {@link NvmeDeviceProvider}). */
    record Settings(String profile, int units, boolean stripeUnits, long unitStripe, long capacity,
                    long readBaseNanos, double readNanosPerByte, long writeBaseNanos, double writeNanosPerByte,
                    long flushNanos, HeavyTailJitter jitter, long seed) { }

    private final Settings s;
    private final BusyUnits units;
    // Atomic increment: every request, from whichever poller, gets its own jitter draw.
    private final AtomicLong tickets = new AtomicLong();

    NvmeDevice(Settings settings) {
        super(settings.capacity());
        this.s = settings;
        this.units = new BusyUnits(settings.units());
    }

    @Override public String describe() {
        return NvmeDeviceProvider.NAME + (s.profile() == null ? "" : "/" + s.profile()) + " (" + s.units() + " units, stripe "
                + s.unitStripe() + " B, capacity " + s.capacity() + " B, seed " + s.seed() + ")";
    }

    @Override
    protected void serveData(long nowNanos, SqeView sqe, MemorySegment buffers, boolean write, long off, int len, IoResult out) {
        long service = write
                ? s.writeBaseNanos() + Math.round(len * s.writeNanosPerByte())
                : s.readBaseNanos() + Math.round(len * s.readNanosPerByte());
        service += s.jitter().sample(s.seed(), tickets.getAndIncrement());
        long done = s.stripeUnits()
                ? units.occupy((int) ((off / s.unitStripe()) % s.units()), nowNanos, service)
                : units.occupyEarliest(nowNanos, service);
        out.set(done, len);
    }

    @Override
    protected void serveFsync(long nowNanos, SqeView sqe, IoResult out) {
        out.set(Math.max(nowNanos, units.latestBusyUntil()) + s.flushNanos(), 0);
    }
}
