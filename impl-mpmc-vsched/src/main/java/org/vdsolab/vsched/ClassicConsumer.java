package org.vdsolab.vsched;

import org.vdsolab.api.queue.QueueCapability;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueSupport;

import java.lang.foreign.MemorySegment;

/**
 * A consumer handle on a {@code vsched-classic} deque: pop_front and pop_back exactly as vsched
 * does them, including the spurious "empty" when a slot is seen EMPTY; no batches. Allocates
 * nothing. Not thread-safe: one thread at a time.
 */
final class ClassicConsumer implements QueueConsumer {

    private final int id;
    private final ClassicDeque deque;

    ClassicConsumer(int id, ClassicDeque deque) {
        this.id = id;
        this.deque = deque;
    }

    @Override public int id() {
        return id;
    }

    @Override public boolean popFront(MemorySegment dst, long dstOffset) {
        return deque.popFront(dst, dstOffset);
    }

    @Override public boolean popBack(MemorySegment dst, long dstOffset) {
        return deque.popBack(dst, dstOffset);
    }

    @Override public int popMultiple(MemorySegment dst, long dstOffset, int max) {
        throw QueueSupport.unsupported(ClassicQueueProvider.NAME, "popMultiple", QueueCapability.BATCH);
    }
}
