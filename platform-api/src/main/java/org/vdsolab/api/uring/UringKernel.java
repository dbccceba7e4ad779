package org.vdsolab.api.uring;

import org.vdsolab.api.device.DeviceModel;
import org.vdsolab.api.idle.BackoffIdleStrategy;
import org.vdsolab.api.idle.IdleStrategy;
import org.vdsolab.api.liveness.LivenessTable;
import org.vdsolab.api.liveness.OwnerToken;
import org.vdsolab.api.liveness.QueueRecoverySweeper;
import org.vdsolab.api.memory.SharedRegion;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.spi.Providers;
import org.vdsolab.api.uring.UringControl.Counter;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The kernel side of an io_uring in the vvar: creates the region (or uses memory it is given),
 * lays out and creates the SQ, the CQs and the hand-off queues with the chosen queue provider,
 * holds the device table, and runs the {@link KernelPoller}s. User domains in this JVM get a
 * {@link UringUser} from {@link #user}; domains in other processes attach to {@link #regionFile()}
 * with {@link UringUser#attach}.
 *
 * <p>Liveness and recovery: the kernel creates the ring's {@link LivenessTable} (area
 * {@code uring.liveness}), registers itself there with one token that all its pollers act for
 * (see {@link OwnerBoundQueue}), and runs a {@link QueueRecoverySweeper} over the SQ, the CQs and
 * the hand-off queues (period {@link Builder#recoveryPeriodMillis}, default 5 ms), so that what a
 * dead user domain held is made harmless ({@link #recoveredSlots()}).
 *
 * <p>Kernel death and restart: {@link Builder#reattach(Path)} builds a kernel over the region a
 * dead kernel left behind: it validates the region, attaches (never re-creates) the liveness table
 * and the queues, refuses if the previous kernel is still alive, bumps the kernel generation
 * ({@link UringControl#kernelGeneration()}), registers itself, sweeps once (the dead kernel's held
 * slots become skipped or free) and is then started as usual. What the dead kernel held privately
 * (SQEs popped and not answered) is lost: users fail those with {@link InFlightRequests}.
 * {@link #halt()} stands in for such a death in tests.
 *
 * <p>The kernel owns the device models it is given: {@link #close()} stops the pollers, closes
 * the models, unmaps the region and deletes its file.
 *
 * <p>Thread-safety: set-up and close from one thread; accessors and {@link #total} from any.
 */
public final class UringKernel implements AutoCloseable {

    private final UringLayout layout;
    private final QueueProvider provider;
    private final WordMemory memory;
    private final SharedRegion region;
    private final UringControl control;
    private final DeviceTable devices;
    private final SharedQueue sq;
    private final SharedQueue[] cqs;
    private final SharedQueue[] handOffs;
    private final KernelPoller[] pollers;
    // Credentials and quotas (hostile domains): kernel-private, never in the vvar.
    private final long secret;
    private final long[] credentials;
    private final DomainQuota quota;
    private final List<Thread> threads = new ArrayList<>();
    private final LivenessTable liveness;
    private final int kernelToken;
    private final long generation;
    private final QueueRecoverySweeper sweeper;
    private final long recoveryPeriodMillis;
    private boolean halted;

    private UringKernel(Builder b, QueueProvider provider, UringLayout layout) {
        this.layout = layout;
        this.provider = provider;
        UringSpec spec = layout.spec();
        boolean reattach = b.reattachFile != null;
        if (reattach) {
            this.region = SharedRegion.attach(b.reattachFile, layout.layout()); // validates header and fingerprint
            this.memory = region.memory();
        } else if (b.regionFile != null) {
            this.region = SharedRegion.create(b.regionFile, layout.layout(), true);
            this.memory = region.memory();
        } else {
            this.region = null;
            this.memory = b.memory;
            if (memory.byteSize() < layout.layout().totalSize()) {
                throw new IllegalArgumentException("uring layout '" + layout.layout().name() + "' needs "
                        + layout.layout().totalSize() + " bytes; the memory given has " + memory.byteSize());
            }
            memory.zero(0, layout.layout().totalSize());
        }
        this.control = new UringControl(memory, layout);
        this.devices = b.devices;
        this.recoveryPeriodMillis = b.recoveryPeriodMillis;
        int capacity = UringLayout.livenessCapacity(spec);
        try {
            this.liveness = reattach ? LivenessTable.attach(memory, layout.liveness(), capacity)
                    : LivenessTable.create(memory, layout.liveness(), capacity);
            long previous = control.kernelGeneration();
            if (reattach) {
                requirePreviousKernelDead(b.reattachFile, previous);
            }
            // Queues: a reattaching kernel ATTACHES what the dead one created (never zeroes them).
            this.sq = reattach ? provider.attach(memory, layout.sq(), spec.sqSpec())
                    : provider.create(memory, layout.sq(), spec.sqSpec());
            this.cqs = new SharedQueue[spec.cqCount()];
            for (int c = 0; c < cqs.length; c++) {
                cqs[c] = reattach ? provider.attach(memory, layout.cq(c), spec.cqSpec())
                        : provider.create(memory, layout.cq(c), spec.cqSpec());
            }
            if (spec.handOff()) {
                handOffs = new SharedQueue[spec.domains()];
                for (int d = 0; d < handOffs.length; d++) {
                    handOffs[d] = reattach ? provider.attach(memory, layout.handOff(d), spec.handOffSpec())
                            : provider.create(memory, layout.handOff(d), spec.handOffSpec());
                }
            } else {
                handOffs = null;
            }
            this.generation = control.advanceKernelGeneration(previous);
            this.kernelToken = liveness.register();
            control.kernelToken(kernelToken);
        } catch (RuntimeException e) {
            if (region != null) {
                region.close();
            }
            throw e;
        }
        List<SharedQueue> swept = new ArrayList<>();
        swept.add(sq);
        swept.addAll(List.of(cqs));
        if (handOffs != null) {
            swept.addAll(List.of(handOffs));
        }
        this.sweeper = new QueueRecoverySweeper(swept, liveness);
        if (reattach) {
            sweeper.sweepOnce(); // before any poller runs: the dead kernel's held slots become skipped or free
        }
        SharedQueue ownedSq = new OwnerBoundQueue(sq, kernelToken);
        SharedQueue[] ownedCqs = new SharedQueue[cqs.length];
        for (int c = 0; c < cqs.length; c++) {
            ownedCqs[c] = new OwnerBoundQueue(cqs[c], kernelToken);
        }
        MemorySegment[] buffers = new MemorySegment[spec.domains()];
        for (int d = 0; d < buffers.length; d++) {
            buffers[d] = memory.segment().asSlice(layout.buffers(d), spec.bufferBytes());
        }
        this.secret = b.secretGiven ? b.secret : UringCredentials.randomSecret();
        this.credentials = UringCredentials.table(secret, spec.domains());
        this.quota = new DomainQuota(spec.domains(), b.quota);
        this.pollers = new KernelPoller[spec.pollers()];
        for (int p = 0; p < pollers.length; p++) {
            pollers[p] = new KernelPoller(p, spec, ownedSq, ownedCqs, devices, buffers, credentials, quota, control,
                    b.idle.get(), b.tuning);
        }
    }

    /** Refuses to take over a ring whose recorded kernel is not certainly dead (two kernels would serve it). */
    private void requirePreviousKernelDead(Path file, long previousGeneration) {
        if (previousGeneration == 0) {
            throw new IllegalStateException("uring region " + file + " has kernel generation 0: no kernel ever"
                    + " finished starting over it; create a new ring instead of reattaching");
        }
        int previous = control.kernelToken();
        if (previous != OwnerToken.NONE && !liveness.isDead(previous)) {
            throw new IllegalStateException("uring region " + file + " is still served by kernel generation "
                    + previousGeneration + " (" + OwnerToken.describe(previous) + ", pid " + liveness.pidOf(previous)
                    + ", alive): a kernel reattaches only after the previous one died or exited");
        }
    }

    /** A builder for a ring of shape {@code spec}. */
    public static Builder builder(UringSpec spec) {
        return new Builder(spec);
    }

    /**
     * Starts one thread per poller ("uring-poller-&lt;i&gt;", daemon) and the recovery sweeper
     * (every {@link Builder#recoveryPeriodMillis} ms). Call once.
     */
    public UringKernel startPollers() {
        if (!threads.isEmpty()) {
            throw new IllegalStateException("uring pollers already started");
        }
        if (halted) {
            throw new IllegalStateException("uring kernel generation " + generation + " was halted; reattach a new kernel");
        }
        sweeper.start(recoveryPeriodMillis);
        for (KernelPoller p : pollers) {
            Thread t = new Thread(p, "uring-poller-" + p.id());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        return this;
    }

    public UringSpec spec() { return layout.spec(); }

    public UringLayout layout() { return layout; }

    public QueueProvider provider() { return provider; }

    public WordMemory memory() { return memory; }

    public UringControl control() { return control; }

    public DeviceTable devices() { return devices; }

    /** The region file user processes attach to; null when the kernel runs over given memory. */
    public Path regionFile() { return region == null ? null : region.file(); }

    /** Poller {@code i}, e.g. to drive it with {@link KernelPoller#pollOnce()} when its thread is not started. */
    public KernelPoller poller(int i) { return pollers[i]; }

    /** This kernel's generation: 1 for the kernel that created the ring, +1 per reattach. */
    public long generation() { return generation; }

    /** This kernel's registration in the ring's liveness table; every poller acts for it. */
    public int kernelToken() { return kernelToken; }

    /** The ring's liveness table (in the vvar). */
    public LivenessTable liveness() { return liveness; }

    /** The sweeper that recovers slots held by dead domains (started by {@link #startPollers()}). */
    public QueueRecoverySweeper sweeper() { return sweeper; }

    /** Slots held by dead owners that this kernel's sweeps have made harmless so far. */
    public long recoveredSlots() { return sweeper.recovered(); }

    /**
     * Scribbled words the ring's queues (SQ, CQs, hand-offs) have found, refused or repaired so far
     * ({@link SharedQueue#faults()}; 0 for designs that do not check). Kept in the vvar, so it
     * counts across kernel generations.
     */
    public long queueFaults() {
        long n = sq.faults();
        for (SharedQueue cq : cqs) {
            n += cq.faults();
        }
        if (handOffs != null) {
            for (SharedQueue h : handOffs) {
                n += h.faults();
            }
        }
        return n;
    }

    /**
     * Simulates a kernel crash for tests: stops the pollers and the sweeper without draining
     * anything (popped SQEs, pending device completions, staged and overflowed CQEs stay in the
     * pollers' private memory and are lost), declares the kernel's token dead, and leaves the region
     * and its file exactly as they are, for a kernel built with {@link Builder#reattach}. Afterwards
     * {@link #close()} only closes the device models and unmaps (it does not delete the file).
     */
    public void halt() {
        haltPollers();
        liveness.declareDead(kernelToken);
    }

    /**
     * The first half of {@link #halt()}: stops the pollers and the sweeper without draining and
     * waits for them, but leaves the kernel's token alive: a kernel process frozen just before its
     * SIGKILL (its death then comes from the process ending, as {@link LivenessTable} sees it).
     */
    public void haltPollers() {
        halted = true;
        for (KernelPoller p : pollers) {
            p.stop();
        }
        sweeper.close();
        joinPollers();
    }

    private void joinPollers() {
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    /** {@code c} summed over every poller (as last published in the vvar). */
    public long total(Counter c) { return control.total(c); }

    /**
     * The ring credential of {@code domain} ({@link UringCredentials}): hand it to that domain only,
     * out of band (a child process's command line), never through the region.
     */
    public long credential(int domain) {
        if (domain < 0 || domain >= credentials.length) {
            throw new IllegalArgumentException("uring domain " + domain + " outside [0, " + credentials.length + ") of the spec");
        }
        return credentials[domain];
    }

    /** This kernel's secret, for a supervisor that must restart it with the same credentials ({@link Builder#secret}). */
    public long secret() { return secret; }

    /** {@code domain}'s kernel-side totals: completions, quota rejections, SQEs in flight ({@link DomainQuota}). */
    public DomainQuota.Stats domainStats(int domain) {
        credential(domain); // range check with the same message
        return quota.stats(domain);
    }

    /** The quota on outstanding SQEs per domain; 0 = unlimited. */
    public int quota() { return quota.maxInFlight(); }

    /** A user-domain handle over this kernel's memory, for a domain living in this JVM (given its credential). */
    public UringUser user(int domain) {
        return UringUser.over(memory, layout, provider, domain, credential(domain), null);
    }

    /**
     * Stops the pollers (waiting up to 10 s each) and the sweeper, exits the kernel's liveness
     * registration, closes the device models and the region, and deletes the region file (not after
     * {@link #halt()}: a halted kernel's successor owns the file).
     */
    @Override
    public void close() {
        for (KernelPoller p : pollers) {
            p.stop();
        }
        sweeper.close();
        joinPollers();
        if (!halted) {
            liveness.exit(kernelToken);
        }
        for (DeviceTable.Device d : devices.devices()) {
            try {
                d.model().close();
            } catch (RuntimeException ignored) {
                // A model failing to close must not keep the region mapped.
            }
        }
        if (region != null) {
            region.close();
            if (!halted) {
                region.delete();
            }
        }
    }

    /** Collects the kernel's set-up; not thread-safe. */
    public static final class Builder {
        private final UringSpec spec;
        private final DeviceTable devices = new DeviceTable();
        private QueueProvider provider;
        private Path regionFile;
        private Path reattachFile;
        private WordMemory memory;
        private long recoveryPeriodMillis = 5;
        private Supplier<? extends IdleStrategy> idle = BackoffIdleStrategy::new;
        private KernelPoller.Tuning tuning = KernelPoller.Tuning.defaults();
        private long secret;
        private boolean secretGiven;
        private int quota;

        private Builder(UringSpec spec) {
            this.spec = Objects.requireNonNull(spec, "spec");
        }

        /** The queue provider; default: the one named by the spec, found on the class path. */
        public Builder provider(QueueProvider p) { this.provider = p; return this; }

        /** Creates the vvar region in this file (replacing an old one) so other processes can attach. */
        public Builder regionFile(Path file) { this.regionFile = file; this.memory = null; this.reattachFile = null; return this; }

        /**
         * Takes over the ring a dead kernel created in {@code file} instead of creating one: the
         * region must match this spec's layout (else {@link org.vdsolab.api.memory.RegionFormatException}
         * naming the file and the mismatch); its queues and liveness table are attached, never
         * re-created; the previous kernel must be dead (else {@link IllegalStateException}). The
         * device table is this builder's: register the same devices in the same order, and pass the
         * dead kernel's {@link #secret} so the credentials its domains hold stay valid.
         */
        public Builder reattach(Path file) {
            this.reattachFile = Objects.requireNonNull(file, "file");
            this.regionFile = null;
            this.memory = null;
            return this;
        }

        /** Runs over this memory instead of a region file (in-JVM use, tests); it is zeroed. */
        public Builder memory(WordMemory m) { this.memory = m; this.regionFile = null; this.reattachFile = null; return this; }

        /** Period of the recovery sweeper in milliseconds, at least 1; default 5. */
        public Builder recoveryPeriodMillis(long millis) {
            if (millis < 1) {
                throw new IllegalArgumentException("uring recoveryPeriodMillis must be at least 1, got " + millis);
            }
            this.recoveryPeriodMillis = millis;
            return this;
        }

        /** Each poller's idle strategy factory; default {@link BackoffIdleStrategy}. */
        public Builder idle(Supplier<? extends IdleStrategy> factory) { this.idle = Objects.requireNonNull(factory); return this; }

        public Builder tuning(KernelPoller.Tuning t) { this.tuning = Objects.requireNonNull(t); return this; }

        /**
         * The kernel secret the domains' credentials derive from ({@link UringCredentials#derive});
         * default: a fresh one from SecureRandom. A supervisor that restarts a kernel passes the dead
         * kernel's secret so that the credentials its domains hold stay valid.
         */
        public Builder secret(long s) { this.secret = s; this.secretGiven = true; return this; }

        /**
         * The most SQEs one domain may have in flight (accepted by a poller, not yet completed,
         * across all pollers); beyond it an SQE is answered at once with -EAGAIN. 0 = unlimited
         * (the default).
         */
        public Builder quota(int maxInFlightPerDomain) {
            if (maxInFlightPerDomain < 0) {
                throw new IllegalArgumentException("uring quota (max in-flight SQEs per domain) must be >= 0, 0 meaning unlimited; got "
                        + maxInFlightPerDomain);
            }
            this.quota = maxInFlightPerDomain;
            return this;
        }

        /**
         * Registers a device, bounded by its model's {@link DeviceModel#capacityBytes()}, and returns
         * its fd (0, 1, ... in registration order).
         *
         * @param domains the user domains allowed to use it; none listed means all
         */
        public int device(String name, DeviceModel model, int... domains) {
            return devices.add(name, model, domains);
        }

        /**
         * Registers a device seen through a window of its first {@code capacityBytes} bytes, a bound
         * tighter than the model's own (see {@link DeviceTable#add(String, DeviceModel, long, int...)};
         * pass a {@code long}), and returns its fd.
         */
        public int device(String name, DeviceModel model, long capacityBytes, int... domains) {
            return devices.add(name, model, capacityBytes, domains);
        }

        /**
         * Creates the region and the queues and builds the pollers (not started: see
         * {@link UringKernel#startPollers()}).
         *
         * @throws IllegalArgumentException if the provider cannot carry the spec, or neither a
         *                                  region file nor memory was given
         */
        public UringKernel build() {
            QueueProvider p = provider != null ? provider : Providers.find(QueueProvider.class, spec.queue());
            if (regionFile == null && memory == null && reattachFile == null) {
                throw new IllegalArgumentException("uring kernel needs a regionFile(...), reattach(...) or memory(...) to live in");
            }
            return new UringKernel(this, p, UringLayout.of(spec, p));
        }
    }
}
