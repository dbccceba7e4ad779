package org.vdsolab.vsched;

import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.QueueCapability;
import org.vdsolab.api.queue.QueueHeader;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.SharedQueue;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * {@code vsched}: the corrected vsched deque ({@link VschedDeque}): MPMC, both ends, push_slot at
 * both ends, batch push and pop, every record delivered exactly once; all {@code capacity} slots
 * usable; slots held by a dead owner are recovered ({@link QueueCapability#OWNER_RECOVERY}).
 * Stateless and thread-safe.
 */
public final class VschedQueueProvider implements QueueProvider {

    /** The provider name configs use. */
    public static final String NAME = "vsched";

    private static final Set<QueueCapability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
            QueueCapability.MULTI_PRODUCER, QueueCapability.MULTI_CONSUMER, QueueCapability.DOUBLE_ENDED,
            QueueCapability.PUSH_SLOT, QueueCapability.BATCH, QueueCapability.EXACTLY_ONCE,
            QueueCapability.OWNER_RECOVERY));

    @Override public String name() {
        return NAME;
    }

    @Override public String description() {
        return "corrected vsched deque: one packed head/tail word, positions in the slot words, push_slot and batches";
    }

    @Override public Set<QueueCapability> capabilities() {
        return CAPABILITIES;
    }

    @Override public void validate(QueueSpec spec) {
        Objects.requireNonNull(spec, "spec");
        // Every QueueSpec (power-of-two capacity up to 2^30, any producer and consumer count) fits:
        // the 32-bit position counters need capacity below 2^31.
    }

    @Override public long footprint(QueueSpec spec) {
        validate(spec);
        return VschedDeque.footprint(spec);
    }

    @Override public int usableCapacity(QueueSpec spec) {
        validate(spec);
        return spec.capacity();
    }

    @Override public SharedQueue create(WordMemory memory, long offset, QueueSpec spec) {
        return create(memory, offset, spec, StepHook.NONE);
    }

    @Override public SharedQueue attach(WordMemory memory, long offset, QueueSpec spec) {
        return attach(memory, offset, spec, StepHook.NONE);
    }

    /** As {@link #create}, with a test's step hook. */
    VschedSharedQueue create(WordMemory memory, long offset, QueueSpec spec, StepHook hook) {
        Objects.requireNonNull(memory, "memory");
        validate(spec);
        // Zeroes the area: index (head 0, tail 0) and every slot (position 0, EMPTY) start at zero.
        QueueHeader.write(memory, offset, NAME, spec, footprint(spec));
        return new VschedSharedQueue(memory, offset, spec, hook);
    }

    /** As {@link #attach}, with a test's step hook. */
    VschedSharedQueue attach(WordMemory memory, long offset, QueueSpec spec, StepHook hook) {
        Objects.requireNonNull(memory, "memory");
        validate(spec);
        QueueHeader.verify(memory, offset, NAME, spec, footprint(spec));
        return new VschedSharedQueue(memory, offset, spec, hook);
    }
}
