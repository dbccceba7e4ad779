package org.vdsolab.api.queue.testkit;

import org.vdsolab.api.queue.QueueCapability;

import java.util.Set;

/**
 * A group of queue operations checked together for linearizability, and the capability that
 * makes a provider subject to it.
 */
public enum OperationFamily {
    /** {@code pushBack} / {@code popFront}: every provider. */
    FIFO(null),
    /** All four ends: {@code pushBack}, {@code pushFront}, {@code popFront}, {@code popBack}. */
    DEQUE(QueueCapability.DOUBLE_ENDED),
    /** {@code pushMultiple} in both batch modes and {@code popMultiple}, mixed with single pushes and pops. */
    BATCH(QueueCapability.BATCH),
    /** {@code pushSlotBack} (and {@code pushSlotFront} when double-ended) published or aborted, with pops. */
    PUSH_SLOT(QueueCapability.PUSH_SLOT);

    private final QueueCapability requires;

    OperationFamily(QueueCapability requires) {
        this.requires = requires;
    }

    /** True if a provider with these capabilities offers this family's operations. */
    public boolean supportedBy(Set<QueueCapability> capabilities) {
        return requires == null || capabilities.contains(requires);
    }

    /** The capability the family needs, or null for FIFO. */
    public QueueCapability requires() { return requires; }
}
