package org.vdsolab.vsched;

import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueSupport;
import org.vdsolab.api.queue.SlotHandle;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A producer handle on a {@code vsched} deque: pushes at both ends, push_slot at both ends with
 * one reusable {@link VschedSlotHandle}, and batch pushes at the back. Every slot it claims is
 * stamped with its owner token (NONE if made without one), so that a recovery sweep can take the
 * slot back if that owner dies. Allocates nothing after construction. Not thread-safe: one thread
 * at a time.
 */
final class VschedProducer implements QueueProducer {

    private final int id;
    private final VschedDeque deque;
    private final VschedSlotHandle handle;
    /** {@link SlotWord#ownerBits} of this handle's owner, computed once. */
    private final long ownerBits;

    VschedProducer(int id, VschedDeque deque, MemorySegment segment, int owner) {
        this.id = id;
        this.deque = deque;
        this.handle = new VschedSlotHandle(deque, segment, id);
        this.ownerBits = SlotWord.ownerBits(owner);
    }

    @Override public int id() {
        return id;
    }

    @Override public boolean pushBack(MemorySegment src, long srcOffset) {
        return deque.pushBack(src, srcOffset, ownerBits);
    }

    @Override public boolean pushFront(MemorySegment src, long srcOffset) {
        return deque.pushFront(src, srcOffset, ownerBits);
    }

    @Override public SlotHandle pushSlotBack() {
        return pushSlot(false);
    }

    @Override public SlotHandle pushSlotFront() {
        return pushSlot(true);
    }

    private SlotHandle pushSlot(boolean front) {
        if (handle.isOpen()) {
            throw new IllegalStateException("vsched producer " + id
                    + " still holds an open slot handle; close or abort it before claiming another slot");
        }
        long position = deque.claim(front, ownerBits);
        return position == VschedDeque.NONE ? null : handle.open((int) position, front);
    }

    @Override public int pushMultiple(MemorySegment src, long srcOffset, int count, BatchMode mode) {
        QueueSupport.checkCount(count);
        Objects.requireNonNull(mode, "mode");
        return deque.pushMultiple(src, srcOffset, count, mode, ownerBits);
    }
}
