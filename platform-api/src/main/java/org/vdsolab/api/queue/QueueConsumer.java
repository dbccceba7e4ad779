package org.vdsolab.api.queue;

import java.lang.foreign.MemorySegment;

/**
 * One consumer's handle on a {@link SharedQueue}. Popped records are copied out into the caller's
 * segment. Not thread-safe: one thread at a time. Operations not in the provider's capabilities
 * throw {@link UnsupportedOperationException}.
 */
public interface QueueConsumer {

    int id();

    /** Copies the oldest record out and removes it; false if none is published (may be spurious under contention for some designs). */
    boolean popFront(MemorySegment dst, long dstOffset);

    /** Copies the newest record out and removes it; needs {@link QueueCapability#DOUBLE_ENDED}. */
    boolean popBack(MemorySegment dst, long dstOffset);

    /**
     * Pops up to {@code max} records from the front into {@code dst} back to back (stride
     * {@code recordBytes}), releasing the queue's head once for the whole run where the design
     * allows. Needs {@link QueueCapability#BATCH}.
     *
     * @return how many records were popped, 0..max
     */
    int popMultiple(MemorySegment dst, long dstOffset, int max);
}
