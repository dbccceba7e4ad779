package org.vdsolab.vsched;

import org.vdsolab.api.queue.SlotHandle;

import java.lang.foreign.MemorySegment;

/**
 * The reusable push_slot handle of one {@link VschedProducer}: while open it names a claimed
 * position whose slot is (position, WRITING); {@link #close()} publishes it (READY, release) and
 * {@link #abort()} gives it up ({@link VschedDeque#abort}). Consumers of that position wait until
 * one of the two happens. Allocated once per producer; not thread-safe (the producer's thread).
 */
final class VschedSlotHandle implements SlotHandle {

    private final VschedDeque deque;
    private final MemorySegment segment;
    private final int producerId;
    private boolean open;
    private boolean front;
    private int position;

    VschedSlotHandle(VschedDeque deque, MemorySegment segment, int producerId) {
        this.deque = deque;
        this.segment = segment;
        this.producerId = producerId;
    }

    boolean isOpen() {
        return open;
    }

    /** Opens the handle on a position {@link VschedDeque#claim} returned. */
    VschedSlotHandle open(int claimedPosition, boolean atFront) {
        this.position = claimedPosition;
        this.front = atFront;
        this.open = true;
        return this;
    }

    @Override public MemorySegment segment() {
        checkOpen("segment");
        return segment;
    }

    @Override public long offset() {
        checkOpen("offset");
        return deque.ring().dataOffset(position);
    }

    @Override public void close() {
        checkOpen("close");
        open = false;
        deque.publish(position);
    }

    @Override public void abort() {
        checkOpen("abort");
        open = false;
        deque.abort(position, front);
    }

    private void checkOpen(String operation) {
        if (!open) {
            throw new IllegalStateException("slot handle of vsched producer " + producerId + ": " + operation
                    + " called after the handle was closed or aborted; claim a new slot with pushSlotBack/pushSlotFront");
        }
    }
}
