package org.vdsolab.experiments.vdso.uring.impl;

import org.vdsolab.api.device.DeviceProvider;
import org.vdsolab.api.device.DeviceSpec;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.record.Sqe;
import org.vdsolab.api.spi.Providers;
import org.vdsolab.api.uring.RoutingPolicy;
import org.vdsolab.api.uring.UringControl;
import org.vdsolab.api.uring.UringCredentials;
import org.vdsolab.api.uring.UringKernel;
import org.vdsolab.api.uring.UringLayout;
import org.vdsolab.api.uring.UringSpec;
import org.vdsolab.api.uring.UringUser;
import org.vdsolab.api.vdso.VdsoLibrary;
import org.vdsolab.experiments.vdso.uring.IoRing;

/**
 * The vDSO library {@code io_uring}: the platform's io_uring front end ({@link UringKernel},
 * {@link UringUser}) living in this library's vvar, in the raw area {@code RingData.ring}.
 *
 * <p>Private data (one copy per domain, since each domain loads this class with its own class
 * loader): {@link #kernel}, set only in the kernel domain, and {@link #user}, this domain's ring
 * handle. Shared data: {@link RingData} (the ring state word, the domain-id counter, the ring).
 *
 * <p>The ring's shape is the compile-time constant {@link #SPEC}: shared data is statically
 * allocated, so the ring must fit {@code RingData.RING_WORDS}; {@link #startKernel} checks it.
 * Routing is {@link RoutingPolicy#SHARED}: one CQ for every domain, a CQE popped by the wrong
 * domain is handed on to its owner, so "each domain gets exactly its own" is really exercised.
 *
 * <p>Thread-safety: as {@link IoRing} documents; the private fields are set under this class's
 * lock and read through volatile fields.
 */
@VdsoLibrary(name = "io_uring", version = "1.0", api = IoRing.class, shared = RingData.class)
public final class IoRingLibrary implements IoRing {

    /** The ring: the corrected vsched deque, 256-entry SQ and CQ, 4 domains, 1 poller, shared CQ, 16 KiB buffers each. */
    public static final UringSpec SPEC = new UringSpec("vsched", 256, 256, 4, 1, RoutingPolicy.SHARED, 1, 16 * 1024);

    /**
     * The ring's kernel secret ({@link UringCredentials}). A vDSO library has no private channel from
     * the kernel domain to the others (no syscall: a domain, possibly another process, learns of the
     * ring only through the vvar), so the secret is a constant of the library, known to every
     * domain that loads it: here credentials stop random scribbles on the personality field, not a
     * domain that forges another's on purpose. A real channel would be an open() answered by the
     * kernel domain.
     */
    private static final long RING_SECRET = 0x10_5EC2E7_D50L;

    private static final long NOT_STARTED = 0;
    private static final long READY = 1;
    private static final long STOPPED = 2;
    private static final long OPEN_WAIT_NANOS = 10_000_000_000L;

    /** Private data: the kernel side, only in the kernel domain. */
    private static volatile UringKernel kernel;
    /** Private data: this domain's ring handle, after open(). */
    private static volatile UringUser user;

    private final RingDataVvar shared;

    public IoRingLibrary(RingDataVvar shared) {
        this.shared = shared;
    }

    /**
     * The ring's layout for {@link #SPEC}, checked against {@code area} (the declared raw area).
     *
     * @throws IllegalStateException if the ring does not fit {@code RingData.ring}, naming the bytes
     *                               needed, the bytes declared and the RING_WORDS to declare
     */
    public static UringLayout layout(QueueProvider provider, WordMemory area) {
        UringLayout layout = UringLayout.of(SPEC, provider);
        long need = layout.layout().totalSize();
        if (need > area.byteSize()) {
            throw new IllegalStateException("library 'io_uring': the ring of " + SPEC + " needs " + need
                    + " bytes but shared field 'ring' of RingData declares " + area.byteSize()
                    + " (RING_WORDS = " + RingData.RING_WORDS + " words); raise RING_WORDS to at least " + (need + 7) / 8);
        }
        return layout;
    }

    @Override
    public void startKernel() {
        synchronized (IoRingLibrary.class) {
            if (kernel != null) {
                return;
            }
            QueueProvider provider = Providers.find(QueueProvider.class, SPEC.queue());
            WordMemory area = shared.ringArea();
            layout(provider, area);
            UringKernel.Builder b = UringKernel.builder(SPEC).provider(provider).memory(area).secret(RING_SECRET);
            b.device("null", Providers.find(DeviceProvider.class, "null").open(DeviceSpec.defaults()));
            kernel = b.build().startPollers();
            // Release: a domain that reads READY (acquire) then sees the ring fully laid out.
            shared.setStateRelease(READY);
        }
    }

    @Override
    public void stopKernel() {
        synchronized (IoRingLibrary.class) {
            UringKernel k = kernel;
            if (k == null) {
                return;
            }
            // Release: a late opener sees STOPPED, not READY, once the pollers are being stopped.
            shared.setStateRelease(STOPPED);
            k.close();
            kernel = null;
        }
    }

    @Override
    public int open() {
        synchronized (IoRingLibrary.class) {
            UringUser u = user;
            if (u != null) {
                return u.domain();
            }
            long deadline = System.nanoTime() + OPEN_WAIT_NANOS;
            long state;
            // Acquire: pairs with the kernel's release of READY, so the ring's headers are visible.
            while ((state = shared.getStateAcquire()) != READY) {
                if (state == STOPPED || System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("library 'io_uring': the ring is " + (state == STOPPED ? "stopped" : "not started")
                            + "; the kernel domain must call startKernel() before a domain opens it");
                }
                Thread.onSpinWait();
            }
            // getAndAdd: every opening domain takes a distinct id from this one shared word.
            long id = shared.getAndAddNextDomain(1);
            if (id >= SPEC.domains()) {
                throw new IllegalStateException("library 'io_uring': all " + SPEC.domains() + " ring domain ids are taken");
            }
            QueueProvider provider = Providers.find(QueueProvider.class, SPEC.queue());
            WordMemory area = shared.ringArea();
            user = UringUser.over(area, layout(provider, area), provider, (int) id,
                    UringCredentials.derive(RING_SECRET, (int) id), null);
            return (int) id;
        }
    }

    @Override
    public int domains() {
        return SPEC.domains();
    }

    private static UringUser opened() {
        UringUser u = user;
        if (u == null) {
            throw new IllegalStateException("library 'io_uring': call open() in this domain before submitting or reaping");
        }
        return u;
    }

    @Override
    public boolean submit(Sqe sqe) {
        return opened().sq().push(sqe);
    }

    @Override
    public boolean poll(Cqe out) {
        return opened().poll(out);
    }

    @Override
    public boolean await(Cqe out, long timeoutNanos) {
        return opened().await(out, timeoutNanos);
    }

    @Override
    public long kernelCompletions() {
        UringUser u = user;
        if (u != null) {
            return u.control().total(UringControl.Counter.CQES);
        }
        UringKernel k = kernel;
        return k == null ? 0 : k.total(UringControl.Counter.CQES);
    }

    @Override
    public void close() {
        synchronized (IoRingLibrary.class) {
            UringUser u = user;
            if (u != null) {
                u.close();
                user = null;
            }
        }
    }
}
