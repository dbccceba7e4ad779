package org.vdsolab.vsched;

import org.vdsolab.api.queue.AbstractSlotHandle;

import java.lang.foreign.MemorySegment;

/**
 * The reusable push_slot handle of one {@link VschedProducer}: while open it names a claimed
 * position whose slot is (position, WRITING); {@link #close()} publishes it (READY, release) and
 * {@link #abort()} gives it up ({@link VschedDeque#abort}). Consumers of that position wait until
 * one of the two happens. The open / closed checks are {@link AbstractSlotHandle}'s. Allocated once
 * per producer; not thread-safe (the producer's thread).
 */
final class VschedSlotHandle extends AbstractSlotHandle {

    private final VschedDeque deque;
    private boolean front;
    private int position;

    VschedSlotHandle(VschedDeque deque, MemorySegment segment, int producerId) {
        super(segment, "vsched producer " + producerId, "pushSlotBack() or pushSlotFront()");
        this.deque = deque;
    }

    /** Opens the handle on a position {@link VschedDeque#claim} returned. */
    VschedSlotHandle open(int claimedPosition, boolean atFront) {
        this.position = claimedPosition;
        this.front = atFront;
        opened(deque.ring().dataOffset(claimedPosition));
        return this;
    }

    @Override protected void publish() {
        deque.publish(position);
    }

    @Override protected void abandon() {
        deque.abort(position, front);
    }
}
