package org.vdsolab.spsc;

import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.QueueHeader;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.QueueSpec;

import java.util.Objects;

/**
 * What the two io_uring submission-ring designs share: the single-consumer rule, the layout (the
 * queue header, then {@link #ringCount} rings of {@link SqRingLayout}), create and attach. The
 * subclasses choose the name, the capabilities, how many rings and where {@code sqe_head/sqe_tail}
 * live. Stateless and thread-safe.
 */
abstract sealed class SqRingProvider implements QueueProvider permits SpscQueueProvider, SpscSharedQueueProvider {

    /** True when sqe_head/sqe_tail are shared words of the ring (spsc-shared), false when private (spsc). */
    abstract boolean sharedSubmitter();

    /** Rings a queue of this shape has. */
    abstract int ringCount(QueueSpec spec);

    @Override public void validate(QueueSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.consumers() != 1) {
            throw new IllegalArgumentException("queue provider '" + name() + "' has exactly one consumer (the kernel side"
                    + " polling the submission rings): spec consumers must be 1, got " + spec.consumers());
        }
    }

    @Override public long footprint(QueueSpec spec) {
        validate(spec);
        long rings = (long) ringCount(spec) * new SqRingLayout(spec, sharedSubmitter()).stride();
        return SqRingLayout.roundUp(QueueHeader.BYTES + rings, ALIGNMENT);
    }

    @Override public int usableCapacity(QueueSpec spec) {
        validate(spec);
        return spec.capacity();
    }

    @Override public SqRingQueue create(WordMemory memory, long offset, QueueSpec spec) {
        Objects.requireNonNull(memory, "memory");
        validate(spec);
        QueueHeader.write(memory, offset, name(), spec, footprint(spec));
        SqRing[] rings = rings(memory, offset, spec);
        for (SqRing ring : rings) {
            ring.initialise();
        }
        return new SqRingQueue(name(), spec, rings, sharedSubmitter());
    }

    @Override public SqRingQueue attach(WordMemory memory, long offset, QueueSpec spec) {
        Objects.requireNonNull(memory, "memory");
        validate(spec);
        QueueHeader.verify(memory, offset, name(), spec, footprint(spec));
        SqRing[] rings = rings(memory, offset, spec);
        for (SqRing ring : rings) {
            ring.verify();
        }
        return new SqRingQueue(name(), spec, rings, sharedSubmitter());
    }

    private SqRing[] rings(WordMemory memory, long offset, QueueSpec spec) {
        SqRingLayout layout = new SqRingLayout(spec, sharedSubmitter());
        SqRing[] rings = new SqRing[ringCount(spec)];
        for (int r = 0; r < rings.length; r++) {
            rings[r] = new SqRing(memory, layout, r, offset + QueueHeader.BYTES + r * layout.stride());
        }
        return rings;
    }
}
