package org.vdsolab.vsched;

import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueSupport;

import java.lang.foreign.MemorySegment;

/**
 * A consumer handle on a {@code vsched} deque: pops at both ends and batch pops at the front.
 * "Empty" is never spurious: it is answered from the index word (or the index is corrupt). A pop
 * whose position is still being written waits for it. Slots it holds while copying a record out
 * are stamped with its owner token (NONE if made without one), so that a recovery sweep can free
 * them if that owner dies. Allocates nothing. Not thread-safe: one thread at a time.
 */
final class VschedConsumer implements QueueConsumer {

    private final int id;
    private final VschedDeque deque;
    /** {@link SlotWord#ownerBits} of this handle's owner, computed once. */
    private final long ownerBits;

    VschedConsumer(int id, VschedDeque deque, int owner) {
        this.id = id;
        this.deque = deque;
        this.ownerBits = SlotWord.ownerBits(owner);
    }

    @Override public int id() {
        return id;
    }

    @Override public boolean popFront(MemorySegment dst, long dstOffset) {
        return deque.popFront(dst, dstOffset, ownerBits);
    }

    @Override public boolean popBack(MemorySegment dst, long dstOffset) {
        return deque.popBack(dst, dstOffset, ownerBits);
    }

    @Override public int popMultiple(MemorySegment dst, long dstOffset, int max) {
        QueueSupport.checkCount(max);
        return deque.popMultiple(dst, dstOffset, max, ownerBits);
    }
}
