package org.vdsolab.spsc;

import org.vdsolab.api.queue.QueueCapability;
import org.vdsolab.api.queue.QueueSpec;

import java.util.EnumSet;
import java.util.Set;

/**
 * Provider {@code spsc-shared}: the io_uring submission ring shared by every producer, with
 * {@code sqe_head}/{@code sqe_tail} moved into shared memory. It exists to demonstrate and
 * measure the race of that design (question Q7) and does not hide it.
 *
 * <p><b>It does not deliver exactly once.</b> Producers claim slots with a CAS on the shared
 * {@code sqe_tail}, and a submit stores the current {@code sqe_tail} into {@code ktail}: that
 * publishes slots other producers have claimed but not finished writing, so the consumer reads
 * torn (half-written) or stale records, and racing submits can even move {@code ktail} backwards.
 * With a single producer it behaves like {@code spsc}. Capabilities: MULTI_PRODUCER, PUSH_SLOT,
 * BATCH; deliberately not EXACTLY_ONCE. See {@link SharedTailProducer} for the details.
 *
 * <p>Stateless and thread-safe.
 */
public final class SpscSharedQueueProvider extends SqRingProvider {

    /** The name configs use. */
    public static final String NAME = "spsc-shared";

    private static final Set<QueueCapability> CAPABILITIES = java.util.Collections.unmodifiableSet(EnumSet.of(
            QueueCapability.MULTI_PRODUCER, QueueCapability.PUSH_SLOT, QueueCapability.BATCH));

    @Override public String name() { return NAME; }

    @Override public String description() {
        return "one io_uring SQ ring for all producers with shared sqe_head/sqe_tail: submit publishes others'"
                + " half-written SQEs (the shared-ring race, kept to measure it; not exactly-once)";
    }

    @Override public Set<QueueCapability> capabilities() { return CAPABILITIES; }

    @Override boolean sharedSubmitter() { return true; }

    @Override int ringCount(QueueSpec spec) { return 1; }
}
