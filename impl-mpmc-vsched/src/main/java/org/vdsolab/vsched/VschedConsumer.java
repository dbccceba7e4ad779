package org.vdsolab.vsched;

import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueSupport;

import java.lang.foreign.MemorySegment;

/**
 * A consumer handle on a {@code vsched} deque: pops at both ends and batch pops at the front.
 * "Empty" is never spurious: it is answered from the index word. A pop whose position is still
 * being written waits for it. Allocates nothing. Not thread-safe: one thread at a time.
 */
final class VschedConsumer implements QueueConsumer {

    private final int id;
    private final VschedDeque deque;

    VschedConsumer(int id, VschedDeque deque) {
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
        QueueSupport.checkCount(max);
        return deque.popMultiple(dst, dstOffset, max);
    }
}
