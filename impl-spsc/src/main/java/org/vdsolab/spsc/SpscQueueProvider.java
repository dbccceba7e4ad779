package org.vdsolab.spsc;

import org.vdsolab.api.queue.QueueCapability;
import org.vdsolab.api.queue.QueueSpec;

import java.util.EnumSet;
import java.util.Set;

/**
 * Provider {@code spsc}: Linux io_uring's submission ring, faithfully, one ring per producer id
 * (Linux: one SQ per process) and one consumer (the kernel) polling all rings round-robin.
 *
 * <p>Per ring: shared {@code khead}, {@code ktail}, {@code ring_mask}, {@code ring_entries}, the
 * u32 index {@code array[]} and the records; the submitter's {@code sqe_head}/{@code sqe_tail} are
 * private to its producer handle. get_sqe writes no shared word; submit publishes a batch with one
 * release store of {@code ktail}; the consumer releases {@code khead} once per batch. Exactly-once
 * holds because every ring has a single writer of {@code ktail} that publishes only records it has
 * finished writing. Capabilities: RING_PER_PRODUCER, PUSH_SLOT, BATCH, EXACTLY_ONCE.
 *
 * <p>Stateless and thread-safe.
 */
public final class SpscQueueProvider extends SqRingProvider {

    /** The name configs use. */
    public static final String NAME = "spsc";

    private static final Set<QueueCapability> CAPABILITIES = java.util.Collections.unmodifiableSet(EnumSet.of(
            QueueCapability.RING_PER_PRODUCER, QueueCapability.PUSH_SLOT, QueueCapability.BATCH,
            QueueCapability.EXACTLY_ONCE));

    @Override public String name() { return NAME; }

    @Override public String description() {
        return "Linux io_uring SQ rings, one per producer: private sqe_head/sqe_tail, one ktail release per submit";
    }

    @Override public Set<QueueCapability> capabilities() { return CAPABILITIES; }

    @Override boolean sharedSubmitter() { return false; }

    @Override int ringCount(QueueSpec spec) { return spec.producers(); }
}
