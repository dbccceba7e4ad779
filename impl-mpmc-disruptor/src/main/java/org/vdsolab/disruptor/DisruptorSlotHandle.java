package org.vdsolab.disruptor;

import org.vdsolab.api.queue.AbstractSlotHandle;

import java.lang.foreign.MemorySegment;

/**
 * The reusable {@code push_slot} handle of one {@link DisruptorProducer}: a claimed sequence whose
 * slot is free for this lap and invisible to consumers (its availability word still says FREE)
 * until {@link #close()} stores PUBLISHED or {@link #abort()} stores SKIPPED. Consumers claim and
 * free a SKIPPED slot like any other but never deliver it, so an abort costs one slot of one lap
 * and nothing else. The open / closed checks are {@link AbstractSlotHandle}'s.
 *
 * <p>The slot still holds the bytes of its previous lap's record when handed out; the caller
 * writes all {@code recordBytes} of it. While a handle is open, consumers that reach its sequence
 * wait for it (they take only published records, in order), so a handle should be held briefly,
 * and the thread holding it must not pop from the same queue until it closes or aborts it. While
 * it is open the producer's claim record names its sequence (SLOT word), so a recovery sweep skips the slot if
 * the owner dies holding it, and never touches it while the owner lives.
 *
 * <p>Not thread-safe: owned by its producer handle's thread.
 */
final class DisruptorSlotHandle extends AbstractSlotHandle {

    private final DisruptorProducer producer;
    private long sequence = -1;

    DisruptorSlotHandle(DisruptorProducer producer, MemorySegment segment) {
        super(segment, producer.toString(), "pushSlotBack()");
        this.producer = producer;
    }

    void open(long claimedSequence, long recordOffset) {
        this.sequence = claimedSequence;
        opened(recordOffset);
    }

    long sequence() {
        return sequence;
    }

    @Override
    protected void publish() {
        producer.publish(sequence, SlotState.published(producer.lapOf(sequence)));
        producer.slotClosed();
    }

    @Override
    protected void abandon() {
        producer.publish(sequence, SlotState.skipped(producer.lapOf(sequence)));
        producer.slotClosed();
    }
}
