package org.vdsolab.api.queue.testkit;

import org.vdsolab.api.memory.HeapWordMemory;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.SharedQueue;

/**
 * What the Lincheck test instances ({@link QueueOperations}) and the sequential specification
 * ({@link BoundedDequeSpec}) are built against during one check. Lincheck instantiates both
 * through their no-argument constructors, so the target is handed over through this one static
 * slot, set by {@link LincheckRunner} for the duration of a check (checks never run concurrently:
 * the runner holds this class's lock).
 */
final class LincheckTarget {

    private static volatile LincheckTarget current;

    final QueueProvider provider;
    final QueueSpec spec;
    final int usableCapacity;
    final int maxBatch;
    /** The mapped memory every stress invocation re-creates its queue in; null for model checking (fresh heap memory each time). */
    private final WordMemory shared;

    LincheckTarget(QueueProvider provider, QueueSpec spec, int maxBatch, WordMemory shared) {
        this.provider = provider;
        this.spec = spec;
        this.usableCapacity = provider.usableCapacity(spec);
        this.maxBatch = maxBatch;
        this.shared = shared;
    }

    /** A new, empty queue: over fresh heap memory, or re-created in the shared mapped memory. */
    SharedQueue newQueue() {
        WordMemory memory = shared != null ? shared : new HeapWordMemory(provider.footprint(spec));
        return provider.create(memory, 0, spec);
    }

    static void set(LincheckTarget target) { current = target; }

    static LincheckTarget get() {
        LincheckTarget t = current;
        if (t == null) {
            throw new IllegalStateException("QueueOperations and BoundedDequeSpec are built by LincheckRunner; "
                    + "run them through QueueLincheckTest, not directly");
        }
        return t;
    }
}
