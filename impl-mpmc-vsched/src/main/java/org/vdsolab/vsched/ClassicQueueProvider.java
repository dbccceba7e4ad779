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
 * {@code vsched-classic}: a faithful model of vsched's lock-free deque ({@link ClassicDeque}),
 * kept so that its behaviour, including the mixed-end near-full livelock and the ABA on its
 * untagged indices, can be measured. MPMC and double-ended, but not EXACTLY_ONCE; usable capacity
 * CAP - 1. Stateless and thread-safe.
 */
public final class ClassicQueueProvider implements QueueProvider {

    /** The provider name configs use. */
    public static final String NAME = "vsched-classic";

    private static final Set<QueueCapability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
            QueueCapability.MULTI_PRODUCER, QueueCapability.MULTI_CONSUMER, QueueCapability.DOUBLE_ENDED));

    @Override public String name() {
        return NAME;
    }

    @Override public String description() {
        return "vsched's lock-free deque as published (raw head/tail, four slot states), known livelock included";
    }

    @Override public Set<QueueCapability> capabilities() {
        return CAPABILITIES;
    }

    @Override public void validate(QueueSpec spec) {
        Objects.requireNonNull(spec, "spec");
        // Every QueueSpec fits: capacity 2 leaves one usable slot, as in vsched.
    }

    @Override public long footprint(QueueSpec spec) {
        validate(spec);
        return ClassicDeque.footprint(spec);
    }

    @Override public int usableCapacity(QueueSpec spec) {
        validate(spec);
        return spec.capacity() - 1;
    }

    @Override public SharedQueue create(WordMemory memory, long offset, QueueSpec spec) {
        return create(memory, offset, spec, StepHook.NONE);
    }

    @Override public SharedQueue attach(WordMemory memory, long offset, QueueSpec spec) {
        return attach(memory, offset, spec, StepHook.NONE);
    }

    /** As {@link #create}, with a test's step hook. */
    ClassicSharedQueue create(WordMemory memory, long offset, QueueSpec spec, StepHook hook) {
        Objects.requireNonNull(memory, "memory");
        validate(spec);
        // Zeroes the area: head = tail = 0 and every slot EMPTY (0), vsched's initial state.
        QueueHeader.write(memory, offset, NAME, spec, footprint(spec));
        return new ClassicSharedQueue(memory, offset, spec, hook);
    }

    /** As {@link #attach}, with a test's step hook. */
    ClassicSharedQueue attach(WordMemory memory, long offset, QueueSpec spec, StepHook hook) {
        Objects.requireNonNull(memory, "memory");
        validate(spec);
        QueueHeader.verify(memory, offset, NAME, spec, footprint(spec));
        return new ClassicSharedQueue(memory, offset, spec, hook);
    }
}
