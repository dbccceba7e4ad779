package org.vdsolab.experiments.vdso.sched.impl;

import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.sched.SchedulerHandle;
import org.vdsolab.api.sched.SchedulerProvider;
import org.vdsolab.api.sched.SchedulerSpec;
import org.vdsolab.api.sched.SharedScheduler;
import org.vdsolab.api.sched.TaskState;
import org.vdsolab.api.spi.Providers;
import org.vdsolab.api.vdso.VdsoLibrary;
import org.vdsolab.experiments.vdso.sched.TaskScheduler;

/**
 * The vDSO library {@code scheduler}: the {@code multiqueue} shared scheduler living in this
 * library's vvar, in the raw area {@code SchedData.sched}.
 *
 * <p>Private data (one copy per domain): {@link #scheduler}, this domain's view of the shared
 * scheduler, and {@link #HANDLE}, each calling thread's {@link SchedulerHandle} (handles hold
 * queue handles and scratch, so the hot path allocates nothing after a thread's first call).
 * Shared data: {@link SchedData}.
 *
 * <p>The scheduler's shape is the compile-time constant {@link #SPEC} (shared data is statically
 * allocated: its footprint must fit {@code SchedData.SCHED_WORDS}, checked when it is laid out).
 *
 * <p>Thread-safety: as {@link TaskScheduler} documents.
 */
@VdsoLibrary(name = "scheduler", version = "1.0", api = TaskScheduler.class, shared = SchedData.class)
public final class TaskSchedulerLibrary implements TaskScheduler {

    /** 4 CPUs, 1024 task records, 256-slot FIFO per-CPU queues with work stealing, on the vsched deque, 64 handles. */
    public static final SchedulerSpec SPEC = new SchedulerSpec(4, 1024, 256, "fifo", true, true, 5, 4, "vsched", 64);

    private static final long READY = 1;
    private static final long ATTACH_WAIT_NANOS = 10_000_000_000L;

    /** Private data: this domain's view of the shared scheduler, created or attached once. */
    private static volatile SharedScheduler scheduler;

    /** Private data: each calling thread's handle, made on its first call. */
    private static final ThreadLocal<SchedulerHandle> HANDLE = new ThreadLocal<>();

    private final SchedDataVvar shared;

    public TaskSchedulerLibrary(SchedDataVvar shared) {
        this.shared = shared;
    }

    /**
     * The multiqueue provider, with {@link #SPEC}'s footprint checked against {@code area} (the
     * declared raw area).
     *
     * @throws IllegalStateException if the scheduler does not fit {@code SchedData.sched}, naming the
     *                               bytes needed, the bytes declared and the SCHED_WORDS to declare
     */
    public static SchedulerProvider provider(WordMemory area) {
        SchedulerProvider p = Providers.find(SchedulerProvider.class, "multiqueue");
        long need = p.footprint(SPEC);
        if (need > area.byteSize()) {
            throw new IllegalStateException("library 'scheduler': the scheduler of " + SPEC + " needs " + need
                    + " bytes but shared field 'sched' of SchedData declares " + area.byteSize()
                    + " (SCHED_WORDS = " + SchedData.SCHED_WORDS + " words); raise SCHED_WORDS to at least " + (need + 7) / 8);
        }
        return p;
    }

    @Override
    public void startKernel() {
        synchronized (TaskSchedulerLibrary.class) {
            if (scheduler != null) {
                return;
            }
            WordMemory area = shared.schedArea();
            scheduler = provider(area).create(area, 0, SPEC);
            // Release: a domain that reads READY (acquire) then sees the scheduler's headers and free list.
            shared.setStateRelease(READY);
        }
    }

    private SharedScheduler scheduler() {
        SharedScheduler s = scheduler;
        if (s != null) {
            return s;
        }
        synchronized (TaskSchedulerLibrary.class) {
            if (scheduler == null) {
                long deadline = System.nanoTime() + ATTACH_WAIT_NANOS;
                // Acquire: pairs with the kernel's release of READY.
                while (shared.getStateAcquire() != READY) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new IllegalStateException("library 'scheduler': not started; the kernel domain must call"
                                + " startKernel() before other domains use it");
                    }
                    Thread.onSpinWait();
                }
                WordMemory area = shared.schedArea();
                scheduler = provider(area).attach(area, 0, SPEC);
            }
            return scheduler;
        }
    }

    private SchedulerHandle handle() {
        SchedulerHandle h = HANDLE.get();
        if (h == null) {
            SharedScheduler s = scheduler();
            // getAndAdd: every calling thread of every domain takes a distinct handle id from this one word.
            long id = shared.getAndAddNextHandle(1);
            if (id >= SPEC.handles()) {
                throw new IllegalStateException("library 'scheduler': all " + SPEC.handles()
                        + " scheduler handles are taken (one per calling thread, never reused)");
            }
            h = s.handle((int) id);
            HANDLE.set(h);
        }
        return h;
    }

    @Override public int cpus() { return SPEC.cpus(); }

    @Override public int handles() { return SPEC.handles(); }

    @Override public int spawn(int ownerDomain, int cpu) {
        return handle().spawn(ownerDomain, 0, ANY_CPU, cpu);
    }

    @Override public int pickNext(int cpu) { return handle().pickNext(cpu); }

    @Override public void exit(int task) { handle().exit(task); }

    @Override public int ownerDomain(int task) { return scheduler().ownerDomain(task); }

    @Override public TaskState state(int task) { return scheduler().state(task); }

    @Override public long queuedTasks(int cpu) { return scheduler().queuedTasks(cpu); }

    @Override public long steals() { return scheduler().steals(); }
}
