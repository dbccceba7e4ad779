package org.vdsolab.experiments.vdso.example.impl;

import org.vdsolab.api.vdso.VdsoLibrary;
import org.vdsolab.experiments.vdso.example.SharedCounter;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The example vDSO library {@code counter}. Its static fields are private data: each domain loads
 * this class with its own class loader, so each has its own {@link #PRIVATE_CALLS}. Its shared
 * data is {@link CounterData}, reached through the generated {@link CounterDataVvar}.
 *
 * <p>Thread-safe: the private count is atomic, and the shared words are updated with atomics.
 */
@VdsoLibrary(name = "counter", version = "1.0", api = SharedCounter.class, shared = CounterData.class)
public final class SharedCounterLibrary implements SharedCounter {

    /** Private data: one copy per domain (several threads of one domain may call, hence atomic). */
    private static final AtomicLong PRIVATE_CALLS = new AtomicLong();

    private final CounterDataVvar shared;

    public SharedCounterLibrary(CounterDataVvar shared) {
        this.shared = shared;
    }

    @Override
    public long increment(int cpu) {
        PRIVATE_CALLS.incrementAndGet();
        // getAndAdd: every domain adds to this one word; the atomic add is the only synchronisation needed.
        long total = shared.getAndAddTotal(1) + 1;
        // getAndAdd: two domains may use the same CPU id, so even a per-CPU word is updated atomically.
        shared.getAndAddCalls(cpu, 1);
        long seen;
        // Acquire load + CAS: raise the high-water mark, never lower it, against concurrent raisers.
        while (total > (seen = shared.getHighWaterAcquire(cpu)) && !shared.compareAndSetHighWater(cpu, seen, total)) {
            Thread.onSpinWait();
        }
        return total;
    }

    @Override
    public long privateCount() {
        return PRIVATE_CALLS.get();
    }

    @Override
    public long sharedTotal() {
        // Acquire: pairs with the volatile-strength adds, so a reader sees every increment that completed before.
        return shared.getTotalAcquire();
    }

    @Override
    public long callsOnCpu(int cpu) {
        // Acquire: as for the total.
        return shared.getCallsAcquire(cpu);
    }

    @Override
    public long highWater(int cpu) {
        // Acquire: pairs with the CAS that raised it.
        return shared.getHighWaterAcquire(cpu);
    }
}
