package org.vdsolab.experiments.faults;

import org.vdsolab.api.device.DeviceModel;
import org.vdsolab.api.device.DeviceProvider;
import org.vdsolab.api.device.DeviceSpec;
import org.vdsolab.api.memory.SharedRegion;
import org.vdsolab.api.spi.Providers;
import org.vdsolab.api.uring.RoutingPolicy;
import org.vdsolab.api.uring.UringControl;
import org.vdsolab.api.uring.UringKernel;
import org.vdsolab.api.uring.UringSpec;
import org.vdsolab.api.uring.UringUser;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the in-JVM uring fault workloads (hostile writer, starvation) share: the ring's spec for
 * {@code domains} user domains with per-domain CQs, a fresh region file per run, the device model
 * and the kernel counters they report. Stateless; thread-safe.
 */
final class UringFaultRing {

    /** Bytes of the device the reads are spread over: 64 MiB. */
    static final long DEVICE_BYTES = 64L << 20;
    private static final AtomicLong RUNS = new AtomicLong();

    private UringFaultRing() { }

    /** A ring over queue {@code queue} for {@code domains} domains, each with buffers for {@code depth} blocks. */
    static UringSpec spec(String queue, int sqEntries, int domains, int pollers, int depth) {
        long buffers = Math.max(4096, Math.min(1L << 24, (long) depth * UringDomainDriver.BLOCK));
        return new UringSpec(queue, sqEntries, sqEntries, domains, pollers, RoutingPolicy.PER_DOMAIN, 1, buffers);
    }

    /** A fresh region path for one run of {@code workload}: the default folder, this JVM's pid and a run number. */
    static Path regionFile(String workload) {
        return SharedRegion.defaultPath(workload + "-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet());
    }

    /** Opens device provider {@code name} with its defaults plus {@code params}. */
    static DeviceModel device(String name, Map<String, String> params, long seed) {
        DeviceProvider dp = Providers.find(DeviceProvider.class, name);
        return dp.open(new DeviceSpec(null, params, seed));
    }

    /** The kernel's damage counters: forged, invalid, poller_faults, unroutable, quota_rejected, recovered_slots, queue_faults. */
    static void kernelCounters(UringKernel kernel, Map<String, Long> into) {
        into.put("forged", kernel.total(UringControl.Counter.FORGED));
        into.put("invalid", kernel.total(UringControl.Counter.INVALID));
        into.put("poller_faults", kernel.total(UringControl.Counter.POLLER_FAULTS));
        into.put("unroutable", kernel.total(UringControl.Counter.UNROUTABLE));
        into.put("quota_rejected", kernel.total(UringControl.Counter.QUOTA_REJECTED));
        into.put("recovered_slots", kernel.recoveredSlots());
        into.put("queue_faults", kernel.queueFaults());
    }

    /**
     * Closes every user, each on its own: a close that throws (a hand-off flush that cannot finish
     * after scribbling, say) must neither stop the others nor hide the run's result; the kernel's
     * close unmaps the region anyway.
     */
    static void closeAll(List<UringUser> users) {
        for (UringUser u : users) {
            try {
                u.close();
            } catch (RuntimeException e) {
                // best effort, see above
            }
        }
    }
}
