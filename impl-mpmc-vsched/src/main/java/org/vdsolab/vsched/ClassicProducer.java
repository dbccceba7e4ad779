package org.vdsolab.vsched;

import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueCapability;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueSupport;
import org.vdsolab.api.queue.SlotHandle;

import java.lang.foreign.MemorySegment;

/**
 * A producer handle on a {@code vsched-classic} deque: push_back and push_front exactly as vsched
 * does them; vsched has no push_slot and no batches, so those throw. Allocates nothing. Not
 * thread-safe: one thread at a time.
 */
final class ClassicProducer implements QueueProducer {

    private final int id;
    private final ClassicDeque deque;

    ClassicProducer(int id, ClassicDeque deque) {
        this.id = id;
        this.deque = deque;
    }

    @Override public int id() {
        return id;
    }

    @Override public boolean pushBack(MemorySegment src, long srcOffset) {
        return deque.pushBack(src, srcOffset);
    }

    @Override public boolean pushFront(MemorySegment src, long srcOffset) {
        return deque.pushFront(src, srcOffset);
    }

    @Override public SlotHandle pushSlotBack() {
        throw QueueSupport.unsupported(ClassicQueueProvider.NAME, "pushSlotBack", QueueCapability.PUSH_SLOT);
    }

    @Override public SlotHandle pushSlotFront() {
        throw QueueSupport.unsupported(ClassicQueueProvider.NAME, "pushSlotFront", QueueCapability.PUSH_SLOT);
    }

    @Override public int pushMultiple(MemorySegment src, long srcOffset, int count, BatchMode mode) {
        throw QueueSupport.unsupported(ClassicQueueProvider.NAME, "pushMultiple", QueueCapability.BATCH);
    }
}
