package org.vdsolab.api.queue;

import java.lang.foreign.MemorySegment;

/**
 * One producer's handle on a {@link SharedQueue}. Every operation either completes or reports
 * "full" by its return value; none blocks indefinitely except where a design's documented flaw
 * makes it spin on another party. Records are {@code spec().recordBytes()} bytes, copied from a
 * caller's segment (private memory) into the shared slot.
 *
 * <p>Not thread-safe: one thread at a time. Operations not in the provider's capabilities throw
 * {@link UnsupportedOperationException}.
 */
public interface QueueProducer {

    int id();

    /** Copies one record in at the back (FIFO push); false if the queue is full. */
    boolean pushBack(MemorySegment src, long srcOffset);

    /** Copies one record in at the front; needs {@link QueueCapability#DOUBLE_ENDED}. */
    boolean pushFront(MemorySegment src, long srcOffset);

    /**
     * Claims the next back slot for in-place writing (the vDSO design's {@code push_slot}); the slot stays
     * WRITING, invisible to consumers, until the handle is closed (published) or aborted. Returns
     * null when full. The handle is reused: at most one is open per producer at a time.
     * Needs {@link QueueCapability#PUSH_SLOT}.
     *
     * @throws IllegalStateException if this producer's previous handle is still open
     */
    SlotHandle pushSlotBack();

    /** As {@link #pushSlotBack()} at the front; needs PUSH_SLOT and DOUBLE_ENDED. */
    SlotHandle pushSlotFront();

    /**
     * Pushes {@code count} records laid out back to back from {@code srcOffset} (stride
     * {@code recordBytes}) at the back, claiming the run with as few atomic operations as the
     * design allows. Needs {@link QueueCapability#BATCH}.
     *
     * @return how many leading records were pushed: 0 or {@code count} in ALL_OR_NOTHING mode,
     *         0..count in AS_MANY_AS_FIT mode
     */
    int pushMultiple(MemorySegment src, long srcOffset, int count, BatchMode mode);
}
