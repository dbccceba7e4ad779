package org.vdsolab.spsc;

import org.vdsolab.api.queue.SlotHandle;

import java.lang.foreign.MemorySegment;

/**
 * The reusable {@link SlotHandle} a ring producer hands out for {@code pushSlotBack}: liburing's
 * {@code io_uring_get_sqe} result. It only tracks which ring position is open and delegates
 * publishing ({@code submit}) and giving up (un-staging) to its owner.
 *
 * <p>Owned by one producer handle and reused for every claim; not thread-safe.
 */
final class RingSlotHandle implements SlotHandle {

    /** What the producer does when its open slot is closed or aborted. */
    interface Owner {
        /** Publishes the staged slot at {@code position} (liburing's {@code submit}). */
        void publishSlot(int position);

        /** Gives up the staged slot at {@code position} without publishing it. */
        void abandonSlot(int position);
    }

    private final Owner owner;
    private final MemorySegment segment;
    private boolean open;
    private int position;
    private long offset;

    RingSlotHandle(Owner owner, MemorySegment segment) {
        this.owner = owner;
        this.segment = segment;
    }

    /** Marks the handle open on ring {@code position} whose record starts at {@code offset}. */
    RingSlotHandle open(int position, long offset) {
        this.position = position;
        this.offset = offset;
        this.open = true;
        return this;
    }

    boolean isOpen() { return open; }

    @Override public MemorySegment segment() {
        checkOpen("segment()");
        return segment;
    }

    @Override public long offset() {
        checkOpen("offset()");
        return offset;
    }

    @Override public void close() {
        checkOpen("close()");
        open = false;
        owner.publishSlot(position);
    }

    @Override public void abort() {
        checkOpen("abort()");
        open = false;
        owner.abandonSlot(position);
    }

    private void checkOpen(String operation) {
        if (!open) {
            throw new IllegalStateException("slot handle " + operation
                    + " called after the slot was closed or aborted; claim a new one with pushSlotBack()");
        }
    }
}
