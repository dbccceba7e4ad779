package org.vdsolab.api.uring;

import org.vdsolab.api.device.DeviceModel;
import org.vdsolab.api.idle.BackoffIdleStrategy;
import org.vdsolab.api.idle.IdleStrategy;
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
    private final List<Thread> threads = new ArrayList<>();

    private UringKernel(Builder b, QueueProvider provider, UringLayout layout) {
        this.layout = layout;
        this.provider = provider;
        UringSpec spec = layout.spec();
        if (b.regionFile != null) {
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
        this.sq = provider.create(memory, layout.sq(), spec.sqSpec());
        this.cqs = new SharedQueue[spec.cqCount()];
        for (int c = 0; c < cqs.length; c++) {
            cqs[c] = provider.create(memory, layout.cq(c), spec.cqSpec());
        }
        if (spec.handOff()) {
            handOffs = new SharedQueue[spec.domains()];
            for (int d = 0; d < handOffs.length; d++) {
                handOffs[d] = provider.create(memory, layout.handOff(d), spec.handOffSpec());
            }
        } else {
            handOffs = null;
        }
        MemorySegment[] buffers = new MemorySegment[spec.domains()];
        for (int d = 0; d < buffers.length; d++) {
            buffers[d] = memory.segment().asSlice(layout.buffers(d), spec.bufferBytes());
        }
        this.pollers = new KernelPoller[spec.pollers()];
        for (int p = 0; p < pollers.length; p++) {
            pollers[p] = new KernelPoller(p, spec, sq, cqs, devices, buffers, control, b.idle.get(), b.tuning);
        }
    }

    /** A builder for a ring of shape {@code spec}. */
    public static Builder builder(UringSpec spec) {
        return new Builder(spec);
    }

    /** Starts one thread per poller ("uring-poller-&lt;i&gt;", daemon). Call once. */
    public UringKernel startPollers() {
        if (!threads.isEmpty()) {
            throw new IllegalStateException("uring pollers already started");
        }
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

    /** {@code c} summed over every poller (as last published in the vvar). */
    public long total(Counter c) { return control.total(c); }

    /** A user-domain handle over this kernel's memory, for a domain living in this JVM. */
    public UringUser user(int domain) {
        return UringUser.over(memory, layout, provider, domain, null);
    }

    /** Stops the pollers (waiting up to 10 s each), closes the device models and the region. */
    @Override
    public void close() {
        for (KernelPoller p : pollers) {
            p.stop();
        }
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
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
            region.delete();
        }
    }

    /** Collects the kernel's set-up; not thread-safe. */
    public static final class Builder {
        private final UringSpec spec;
        private final DeviceTable devices = new DeviceTable();
        private QueueProvider provider;
        private Path regionFile;
        private WordMemory memory;
        private Supplier<? extends IdleStrategy> idle = BackoffIdleStrategy::new;
        private KernelPoller.Tuning tuning = KernelPoller.Tuning.defaults();

        private Builder(UringSpec spec) {
            this.spec = Objects.requireNonNull(spec, "spec");
        }

        /** The queue provider; default: the one named by the spec, found on the class path. */
        public Builder provider(QueueProvider p) { this.provider = p; return this; }

        /** Creates the vvar region in this file (replacing an old one) so other processes can attach. */
        public Builder regionFile(Path file) { this.regionFile = file; this.memory = null; return this; }

        /** Runs over this memory instead of a region file (in-JVM use, tests); it is zeroed. */
        public Builder memory(WordMemory m) { this.memory = m; this.regionFile = null; return this; }

        /** Each poller's idle strategy factory; default {@link BackoffIdleStrategy}. */
        public Builder idle(Supplier<? extends IdleStrategy> factory) { this.idle = Objects.requireNonNull(factory); return this; }

        public Builder tuning(KernelPoller.Tuning t) { this.tuning = Objects.requireNonNull(t); return this; }

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
            if (regionFile == null && memory == null) {
                throw new IllegalArgumentException("uring kernel needs a regionFile(...) or memory(...) to live in");
            }
            return new UringKernel(this, p, UringLayout.of(spec, p));
        }
    }
}
