package org.vdsolab.spsc;

import org.vdsolab.api.queue.AbstractSlotHandle;

import java.lang.foreign.MemorySegment;

/**
 * The reusable {@link org.vdsolab.api.queue.SlotHandle} a ring producer hands out for
 * {@code pushSlotBack}: liburing's {@code io_uring_get_sqe} result. It only tracks which ring
 * position is open and delegates publishing ({@code submit}) and giving up (un-staging) to its
 * owner; the open / closed checks are {@link AbstractSlotHandle}'s.
 *
 * <p>Owned by one producer handle and reused for every claim; not thread-safe.
 */
final class RingSlotHandle extends AbstractSlotHandle {

    /** What the producer does when its open slot is closed or aborted. */
    interface Owner {
        /** Publishes the staged slot at {@code position} (liburing's {@code submit}). */
        void publishSlot(int position);

        /** Gives up the staged slot at {@code position} without publishing it. */
        void abandonSlot(int position);
    }

    private final Owner owner;
    private int position;

    RingSlotHandle(Owner owner, MemorySegment segment, String ownerName) {
        super(segment, ownerName, "pushSlotBack()");
        this.owner = owner;
    }

    /** Marks the handle open on ring {@code position} whose record starts at {@code offset}. */
    RingSlotHandle open(int ringPosition, long recordOffset) {
        this.position = ringPosition;
        opened(recordOffset);
        return this;
    }

    @Override protected void publish() {
        owner.publishSlot(position);
    }

    @Override protected void abandon() {
        owner.abandonSlot(position);
    }
}
