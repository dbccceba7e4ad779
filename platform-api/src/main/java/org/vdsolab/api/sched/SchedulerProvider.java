package org.vdsolab.api.sched;

import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.spi.Provider;

/**
 * A shared scheduler design. Like a queue, it lives at an offset in shared memory: {@link #create}
 * by the kernel domain, {@link #attach} by user domains. Stateless factory, thread-safe.
 */
public interface SchedulerProvider extends Provider {

    /** Bytes of shared memory a scheduler of this shape needs (multiple of 64). */
    long footprint(SchedulerSpec spec);

    SharedScheduler create(WordMemory memory, long offset, SchedulerSpec spec);

    /** @throws IllegalStateException naming the mismatch if no such scheduler is there */
    SharedScheduler attach(WordMemory memory, long offset, SchedulerSpec spec);
}
