package org.vdsolab.api.uring;

import org.vdsolab.api.idle.BackoffIdleStrategy;
import org.vdsolab.api.liveness.LivenessTable;
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
 * <p>Liveness: the domain registers itself in the ring's {@link LivenessTable} when it attaches
 * (this JVM's pid) and exits on {@link #close()}; every queue handle it makes acts for that
 * registration ({@link OwnerBoundQueue}), so that the kernel's recovery sweeper can take back what
 * it held if it dies. {@link #kernelGeneration()} tells which kernel serves the ring now; see
 * {@link InFlightRequests} for surviving a kernel death.
 *
 * <p>A domain has one producer id on the SQ (its domain id), so it submits from one thread at a
 * time; likewise it reaps from one thread at a time. Not thread-safe.
 */
public final class UringUser implements AutoCloseable {

    /** Completions popped per CQ access. */
    public static final int REAP_BATCH = 32;

    private final UringLayout layout;
    private final int domain;
    /** This domain's ring credential, stamped into every SQE it submits ({@link UringCredentials}). */
    private final long credential;
    private final SharedRegion region;
    private final SharedQueue sqQueue;
    private final UringControl control;
    private final MemorySegment buffers;
    private final CompletionRouter router;
    private final LivenessTable liveness;
    private final int token;
    private final BackoffIdleStrategy waitIdle = new BackoffIdleStrategy();
    private Sq sq;

    private UringUser(WordMemory memory, UringLayout layout, QueueProvider provider, int domain, long credential,
                      SharedRegion region) {
        UringSpec spec = layout.spec();
        if (domain < 0 || domain >= spec.domains()) {
            throw new IllegalArgumentException("uring domain " + domain + " outside [0, " + spec.domains() + ") of the spec");
        }
        this.layout = layout;
        this.domain = domain;
        this.credential = credential;
        this.region = region;
        this.control = new UringControl(memory, layout);
        this.liveness = LivenessTable.attach(memory, layout.liveness(), UringLayout.livenessCapacity(spec));
        // Every attach (each checks a queue header and may throw) before the registration, so that a
        // failed attach leaves no record behind; wrapping with the token cannot fail.
        SharedQueue sqRaw = provider.attach(memory, layout.sq(), spec.sqSpec());
        SharedQueue cqRaw = provider.attach(memory, layout.cq(spec.cqOf(domain)), spec.cqSpec());
        SharedQueue[] handOffRaw = null;
        if (spec.handOff()) {
            handOffRaw = new SharedQueue[spec.domains()];
            for (int d = 0; d < handOffRaw.length; d++) {
                handOffRaw[d] = provider.attach(memory, layout.handOff(d), spec.handOffSpec());
            }
        }
        this.token = liveness.register();
        this.sqQueue = new OwnerBoundQueue(sqRaw, token);
        SharedQueue cqQueue = new OwnerBoundQueue(cqRaw, token);
        SharedQueue[] handOffs = null;
        if (handOffRaw != null) {
            handOffs = new SharedQueue[handOffRaw.length];
            for (int d = 0; d < handOffs.length; d++) {
                handOffs[d] = new OwnerBoundQueue(handOffRaw[d], token);
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
     * @param credential the domain's ring credential, handed to this process out of band by whoever
     *                   holds the kernel ({@link UringKernel#credential}, e.g. on the command line,
     *                   {@link UringCredentials#format}); SQEs with a wrong one are dropped as forged
     * @throws org.vdsolab.api.memory.RegionFormatException if the file is not a region of this layout
     */
    public static UringUser attach(Path regionFile, UringSpec spec, int domain, long credential) {
        return attach(regionFile, spec, Providers.find(QueueProvider.class, spec.queue()), domain, credential);
    }

    /** As {@link #attach(Path, UringSpec, int, long)} with an explicit queue provider (one not on the service path). */
    public static UringUser attach(Path regionFile, UringSpec spec, QueueProvider provider, int domain, long credential) {
        UringLayout layout = UringLayout.of(spec, provider);
        SharedRegion region = SharedRegion.attach(regionFile, layout.layout());
        try {
            return new UringUser(region.memory(), layout, provider, domain, credential, region);
        } catch (RuntimeException e) {
            region.close();
            throw e;
        }
    }

    /**
     * A domain over memory already holding the ring (in-JVM) with its ring credential
     * ({@link UringKernel#credential}); {@code region} is closed with the user if given.
     */
    public static UringUser over(WordMemory memory, UringLayout layout, QueueProvider provider, int domain, long credential,
                                 SharedRegion region) {
        return new UringUser(memory, layout, provider, domain, credential, region);
    }

    public int domain() { return domain; }

    public UringSpec spec() { return layout.spec(); }

    public UringControl control() { return control; }

    /** The generation of the kernel serving the ring now (see {@link UringControl#kernelGeneration()}). */
    public long kernelGeneration() { return control.kernelGeneration(); }

    /** This domain's registration in the ring's liveness table (what its queue slots are stamped with). */
    public int ownerToken() { return token; }

    /**
     * Declares this domain dead in the ring's liveness table without closing anything: what a
     * SIGKILL of its process would leave behind, for fault-injection tests of in-JVM domains.
     */
    public void declareDead() { liveness.declareDead(token); }

    /** This domain's buffer slice in the vvar: SQE {@code addr} values are offsets into it. */
    public MemorySegment buffers() { return buffers; }

    /** This domain's SQ handle (created on first use, then the same object). */
    public Sq sq() {
        if (sq == null) {
            sq = Sq.submitter(sqQueue, domain, credential, control);
        }
        return sq;
    }

    /**
     * A new private staging buffer of {@code entries} SQEs. A domain uses either {@link #sq()} or
     * one staging buffer at a time: they share the domain's producer id.
     */
    public SqBuffer newSqBuffer(int entries) {
        return new SqBuffer(sqQueue, domain, credential, control, entries);
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

    /**
     * Hands on what this domain still holds for others (up to 5 s), exits its liveness
     * registration, then unmaps an attached region.
     */
    @Override
    public void close() {
        router.flushHandOffs(5_000_000_000L);
        liveness.exit(token);
        if (region != null) {
            region.close();
        }
    }
}
