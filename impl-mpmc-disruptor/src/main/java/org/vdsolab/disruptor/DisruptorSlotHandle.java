package org.vdsolab.disruptor;

import org.vdsolab.api.queue.SlotHandle;

import java.lang.foreign.MemorySegment;

/**
 * The reusable {@code push_slot} handle of one {@link DisruptorProducer}: a claimed sequence whose
 * slot is free for this lap and invisible to consumers (its availability word still says FREE)
 * until {@link #close()} stores PUBLISHED or {@link #abort()} stores SKIPPED. Consumers claim and
 * free a SKIPPED slot like any other but never deliver it, so an abort costs one slot of one lap
 * and nothing else.
 *
 * <p>The slot still holds the bytes of its previous lap's record when handed out; the caller
 * writes all {@code recordBytes} of it. While a handle is open, consumers that reach its sequence
 * wait for it (they take only published records, in order), so a handle should be held briefly,
 * and the thread holding it must not pop from the same queue until it closes or aborts it.
 *
 * <p>Not thread-safe: owned by its producer handle's thread.
 */
final class DisruptorSlotHandle implements SlotHandle {

    private final DisruptorProducer producer;
    private final MemorySegment segment;
    private long sequence = -1;
    private long offset = -1;
    private boolean open;

    DisruptorSlotHandle(DisruptorProducer producer, MemorySegment segment) {
        this.producer = producer;
        this.segment = segment;
    }

    void open(long sequence, long offset) {
        this.sequence = sequence;
        this.offset = offset;
        this.open = true;
    }

    boolean isOpen() {
        return open;
    }

    long sequence() {
        return sequence;
    }

    @Override
    public MemorySegment segment() {
        return segment;
    }

    @Override
    public long offset() {
        checkOpen("offset()");
        return offset;
    }

    @Override
    public void close() {
        checkOpen("close()");
        open = false;
        producer.publish(sequence, SlotState.published(producer.lapOf(sequence)));
    }

    @Override
    public void abort() {
        checkOpen("abort()");
        open = false;
        producer.publish(sequence, SlotState.skipped(producer.lapOf(sequence)));
    }

    private void checkOpen(String operation) {
        if (!open) {
            throw new IllegalStateException("slot handle of " + producer + ": " + operation
                    + " called after the slot was closed or aborted; claim a new one with pushSlotBack()");
        }
    }
}
