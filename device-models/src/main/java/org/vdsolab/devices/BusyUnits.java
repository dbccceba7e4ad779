package org.vdsolab.devices;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The parallel service units of a simulated device (NVMeVirt's "io units"), each remembering the
 * time it is busy until. Occupying a unit is one CAS loop: the request starts at
 * {@code max(now, busy-until)} and the unit becomes busy until the request ends. No request costs a
 * thread or a lock; the caller keeps the returned completion time in its timer structure.
 *
 * <p>Thread-safe and lock-free: several kernel pollers may occupy units at once. A unit never
 * moves backwards in time, even when pollers pass slightly different {@code now} values.
 */
final class BusyUnits {

    // Each unit's word is 16 longs (128 bytes) from the next, with one empty stride before the
    // first: pollers on different cores update different units, and 128 rather than 64 bytes
    // keeps the adjacent-line prefetcher from pairing two units' cache lines.
    private static final int STRIDE = 16;

    private final AtomicLongArray busyUntil;
    private final int units;

    /** {@code units} idle units (busy until {@link Long#MIN_VALUE}, i.e. free at any time). */
    BusyUnits(int units) {
        if (units < 1) {
            throw new IllegalArgumentException("units must be at least 1, got " + units);
        }
        this.units = units;
        this.busyUntil = new AtomicLongArray((units + 2) * STRIDE);
        for (int u = 0; u < units; u++) {
            busyUntil.set(index(u), Long.MIN_VALUE);
        }
    }

    int units() { return units; }

    /** Occupies {@code unit} for {@code serviceNanos} from {@code max(now, its busy-until)}; returns the completion time. */
    long occupy(int unit, long nowNanos, long serviceNanos) {
        int i = index(unit);
        while (true) {
            // Volatile read then CAS: the CAS re-validates the value, so a stale read only costs a retry.
            long busy = busyUntil.get(i);
            long done = Math.max(nowNanos, busy) + serviceNanos;
            if (busyUntil.compareAndSet(i, busy, done)) {
                return done;
            }
        }
    }

    /**
     * Occupies the unit that frees up first (an idle one if any) for {@code serviceNanos}; returns
     * the completion time. O(units) per call.
     */
    long occupyEarliest(long nowNanos, long serviceNanos) {
        while (true) {
            int best = 0;
            long bestBusy = Long.MAX_VALUE;
            for (int u = 0; u < units; u++) {
                long busy = busyUntil.get(index(u));   // volatile: see the latest reservations of other pollers
                if (busy < bestBusy) {
                    best = u;
                    bestBusy = busy;
                    if (busy <= nowNanos) {
                        break;                          // idle now: no unit can start earlier
                    }
                }
            }
            long done = Math.max(nowNanos, bestBusy) + serviceNanos;
            // CAS: another poller may have taken this unit since the scan; then scan again.
            if (busyUntil.compareAndSet(index(best), bestBusy, done)) {
                return done;
            }
        }
    }

    /** The latest busy-until over all units ({@link Long#MIN_VALUE} if none was ever used). */
    long latestBusyUntil() {
        long latest = Long.MIN_VALUE;
        for (int u = 0; u < units; u++) {
            latest = Math.max(latest, busyUntil.get(index(u)));
        }
        return latest;
    }

    private static int index(int unit) {
        return (unit + 1) * STRIDE;
    }
}
