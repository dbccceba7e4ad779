package org.vdsolab.api.uring;

import org.vdsolab.api.layout.VvarLayout;
import org.vdsolab.api.liveness.LivenessTable;
import org.vdsolab.api.queue.QueueProvider;

/**
 * Where an io_uring lives in its vvar region: the area names and the {@link VvarLayout} built from
 * a {@link UringSpec} and the queue provider's footprints. Every domain builds the same layout from
 * the same spec, so the offsets agree; the layout's fingerprint (recorded in the region header)
 * changes with any size, so a domain built for another spec is refused at attach.
 *
 * <pre>
 *   uring.control        512 B   flags | wake sequence | overflow backlog | kernel generation   (128 B apart, see UringControl)
 *   uring.stats          128 B per poller: that poller's counters (one writer per line)
 *   uring.liveness       a LivenessTable of domains + pollers + 8 records (the kernel, each user
 *                        domain, spares for kernel restarts whose dead records are not reused yet)
 *   uring.sq             the SQ (provider footprint for sqSpec)
 *   uring.cq.0 ..        one area per CQ (provider footprint for cqSpec)
 *   uring.handoff.0 ..   one hand-off queue per domain, only when the routing needs them
 *   uring.buffers        bufferBytes per domain, page aligned; SQE addr is an offset into the
 *                        submitter's slice
 * </pre>
 * Queue areas are aligned to 128 bytes so that no queue shares a prefetch pair of lines with
 * another area. Immutable; thread-safe.
 */
public final class UringLayout {

    public static final String CONTROL = "uring.control";
    public static final String STATS = "uring.stats";
    public static final String SQ = "uring.sq";
    public static final String BUFFERS = "uring.buffers";
    public static final String LIVENESS = "uring.liveness";
    /** Liveness records beyond domains + pollers, for kernels restarted before old records are reused. */
    public static final int LIVENESS_SPARE = 8;
    /** Bytes of one poller's stats line. */
    public static final int STATS_STRIDE = 128;
    private static final long QUEUE_ALIGN = 128;

    private final UringSpec spec;
    private final VvarLayout layout;

    private UringLayout(UringSpec spec, VvarLayout layout) {
        this.spec = spec;
        this.layout = layout;
    }

    /**
     * Lays out {@code spec} for {@code provider}.
     *
     * @throws IllegalArgumentException if the provider cannot carry the spec's queues (see
     *                                  {@link UringSpec#validateAgainst})
     */
    public static UringLayout of(UringSpec spec, QueueProvider provider) {
        spec.validateAgainst(provider);
        VvarLayout.Builder b = VvarLayout.builder("uring-" + spec.queue() + "-" + spec.routing().configName());
        b.global(CONTROL, UringControl.BYTES, 128);
        b.global(STATS, (long) STATS_STRIDE * spec.pollers(), 128);
        b.global(LIVENESS, LivenessTable.footprint(livenessCapacity(spec)), 128);
        b.global(SQ, provider.footprint(spec.sqSpec()), QUEUE_ALIGN);
        long cqBytes = provider.footprint(spec.cqSpec());
        for (int i = 0; i < spec.cqCount(); i++) {
            b.global(cqArea(i), cqBytes, QUEUE_ALIGN);
        }
        if (spec.handOff()) {
            long hBytes = provider.footprint(spec.handOffSpec());
            for (int d = 0; d < spec.domains(); d++) {
                b.global(handOffArea(d), hBytes, QUEUE_ALIGN);
            }
        }
        b.global(BUFFERS, spec.bufferBytes() * spec.domains(), 4096);
        return new UringLayout(spec, b.build(spec.cpus()));
    }

    /** Records of the ring's liveness table: domains + pollers + {@link #LIVENESS_SPARE}. */
    public static int livenessCapacity(UringSpec spec) {
        return spec.domains() + spec.pollers() + LIVENESS_SPARE;
    }

    public static String cqArea(int cq) { return "uring.cq." + cq; }

    public static String handOffArea(int domain) { return "uring.handoff." + domain; }

    public UringSpec spec() { return spec; }

    public VvarLayout layout() { return layout; }

    public long control() { return layout.offset(CONTROL); }

    public long stats() { return layout.offset(STATS); }

    /** Offset of the ring's {@link LivenessTable} ({@link #livenessCapacity} records). */
    public long liveness() { return layout.offset(LIVENESS); }

    public long sq() { return layout.offset(SQ); }

    public long cq(int cq) { return layout.offset(cqArea(cq)); }

    public long handOff(int domain) { return layout.offset(handOffArea(domain)); }

    /** Offset of {@code domain}'s buffer slice ({@link UringSpec#bufferBytes()} long). */
    public long buffers(int domain) {
        return layout.offset(BUFFERS) + (long) domain * spec.bufferBytes();
    }
}
