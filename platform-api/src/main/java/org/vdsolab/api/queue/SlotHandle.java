package org.vdsolab.api.queue;

import java.lang.foreign.MemorySegment;

/**
 * A claimed queue slot being filled in place (the vDSO design's {@code push_slot} handle; Agrona's
 * {@code tryClaim}). Write {@code recordBytes} at {@link #offset()} of {@link #segment()} (or wrap
 * a flyweight such as {@link org.vdsolab.api.record.SqeView} there), then {@link #close()} to
 * publish the record or {@link #abort()} to give the slot up: an aborted slot is never delivered.
 *
 * <p>Owned by the producer handle that returned it and reused by it; not thread-safe. Using it
 * after close or abort throws {@link IllegalStateException}.
 */
public interface SlotHandle extends AutoCloseable {

    /** The memory to write the record into: the queue's shared segment. */
    MemorySegment segment();

    /** Byte offset of the record's first byte in {@link #segment()}. */
    long offset();

    /** Publishes the record: the slot goes from WRITING to READY (release). A second call throws {@link IllegalStateException}. */
    @Override
    void close();

    /** Releases the slot without publishing; consumers skip it. */
    void abort();
}
