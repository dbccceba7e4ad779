package org.vdsolab.api.uring;

import org.vdsolab.api.idle.BackoffIdleStrategy;
import org.vdsolab.api.memory.SharedRegion;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.spi.Providers;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * One user domain's view of an io_uring in the vvar: its {@link Sq} handle, staging buffers
 * ({@link SqBuffer}), its completions through a {@link CompletionRouter}, and its slice of the
 * buffer area (SQE {@code addr} is an offset into {@link #buffers()}).
 *
 * <p>A domain has one producer id on the SQ (its domain id), so it submits from one thread at a
 * time; likewise it reaps from one thread at a time. Not thread-safe.
 */
public final class UringUser implements AutoCloseable {

    /** Completions popped per CQ access. */
    public static final int REAP_BATCH = 32;

    private final UringLayout layout;
    private final int domain;
    private final SharedRegion region;
    private final SharedQueue sqQueue;
    private final UringControl control;
    private final MemorySegment buffers;
    private final CompletionRouter router;
    private final BackoffIdleStrategy waitIdle = new BackoffIdleStrategy();
    private Sq sq;

    private UringUser(WordMemory memory, UringLayout layout, QueueProvider provider, int domain, SharedRegion region) {
        UringSpec spec = layout.spec();
        if (domain < 0 || domain >= spec.domains()) {
            throw new IllegalArgumentException("uring domain " + domain + " outside [0, " + spec.domains() + ") of the spec");
        }
        this.layout = layout;
        this.domain = domain;
        this.region = region;
        this.control = new UringControl(memory, layout);
        this.sqQueue = provider.attach(memory, layout.sq(), spec.sqSpec());
        int cq = spec.cqOf(domain);
        SharedQueue cqQueue = provider.attach(memory, layout.cq(cq), spec.cqSpec());
        SharedQueue[] handOffs = null;
        if (spec.handOff()) {
            handOffs = new SharedQueue[spec.domains()];
            for (int d = 0; d < handOffs.length; d++) {
                handOffs[d] = provider.attach(memory, layout.handOff(d), spec.handOffSpec());
            }
        }
        this.router = new CompletionRouter(spec, domain, cqQueue,
                spec.routing().consumerIdOf(domain, spec.domains(), spec.cpus()), handOffs, REAP_BATCH);
        this.buffers = memory.segment().asSlice(layout.buffers(domain), spec.bufferBytes());
    }

    /**
     * Attaches domain {@code domain} to the ring a kernel created in {@code regionFile} (another
     * process). The spec must be the kernel's; the region header and queue headers check it.
     *
     * @throws org.vdsolab.api.memory.RegionFormatException if the file is not a region of this layout
     */
    public static UringUser attach(Path regionFile, UringSpec spec, int domain) {
        QueueProvider provider = Providers.find(QueueProvider.class, spec.queue());
        UringLayout layout = UringLayout.of(spec, provider);
        SharedRegion region = SharedRegion.attach(regionFile, layout.layout());
        try {
            return new UringUser(region.memory(), layout, provider, domain, region);
        } catch (RuntimeException e) {
            region.close();
            throw e;
        }
    }

    /** A domain over memory already holding the ring (in-JVM); {@code region} is closed with the user if given. */
    public static UringUser over(WordMemory memory, UringLayout layout, QueueProvider provider, int domain, SharedRegion region) {
        return new UringUser(memory, layout, provider, domain, region);
    }

    public int domain() { return domain; }

    public UringSpec spec() { return layout.spec(); }

    public UringControl control() { return control; }

    /** This domain's buffer slice in the vvar: SQE {@code addr} values are offsets into it. */
    public MemorySegment buffers() { return buffers; }

    /** This domain's SQ handle (created on first use, then the same object). */
    public Sq sq() {
        if (sq == null) {
            sq = Sq.submitter(sqQueue, domain, control);
        }
        return sq;
    }

    /**
     * A new private staging buffer of {@code entries} SQEs. A domain uses either {@link #sq()} or
     * one staging buffer at a time: they share the domain's producer id.
     */
    public SqBuffer newSqBuffer(int entries) {
        return new SqBuffer(sqQueue, domain, control, entries);
    }

    public CompletionRouter router() { return router; }

    /** This domain's next completion, if one is available (see {@link CompletionRouter#poll}). */
    public boolean poll(Cqe out) {
        return router.poll(out);
    }

    /**
     * Waits up to {@code timeoutNanos} for this domain's next completion, backing off (spin,
     * yield, park) while none is there.
     *
     * @return false on timeout
     */
    public boolean await(Cqe out, long timeoutNanos) {
        if (router.poll(out)) {
            return true;
        }
        waitIdle.reset();
        long deadline = System.nanoTime() + timeoutNanos;
        while (System.nanoTime() - deadline < 0) {
            waitIdle.idle();
            if (router.poll(out)) {
                return true;
            }
        }
        return false;
    }

    /** Hands on what this domain still holds for others (up to 5 s), then unmaps an attached region. */
    @Override
    public void close() {
        router.flushHandOffs(5_000_000_000L);
        if (region != null) {
            region.close();
        }
    }
}
