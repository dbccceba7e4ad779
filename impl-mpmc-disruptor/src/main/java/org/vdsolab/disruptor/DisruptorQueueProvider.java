package org.vdsolab.disruptor;

import org.vdsolab.api.idle.BackoffIdleStrategy;
import org.vdsolab.api.idle.IdleStrategy;
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
import java.util.function.Supplier;

/**
 * The {@code disruptor} queue design: a Disruptor-4-style multi-producer, multi-consumer ring that
 * lives entirely in shared memory. Producers claim with one getAndAdd on a shared producer cursor
 * and publish by storing the sequence's lap into a per-slot availability word; consumers claim the
 * contiguous published prefix with one CAS on a shared consumer cursor and free each slot for the
 * next lap. See the module README for the layout and the memory-ordering argument.
 *
 * <p>Capabilities: MULTI_PRODUCER, MULTI_CONSUMER, PUSH_SLOT, BATCH, EXACTLY_ONCE, OWNER_RECOVERY.
 * Every slot is usable ({@code usableCapacity == capacity}). Owner recovery: every producer and
 * consumer handle keeps a claim record on its own line of the ring, and
 * {@link SharedQueue#recover} turns what a dead owner held into skipped (producer) or freed
 * (consumer) slots; see the module README.
 *
 * <p>Configuration (per domain; producers of different domains may differ on the same queue):
 * <ul>
 *   <li>{@link ClaimStrategy}: {@link ClaimStrategy#GET_AND_ADD} (the Disruptor's {@code next()},
 *       the default and the one the ServiceLoader instance uses) or
 *       {@link ClaimStrategy#COMPARE_AND_SET} (its {@code tryNext()}).</li>
 *   <li>{@link IdleStrategy}: how producers and consumers wait; each handle gets a fresh one from
 *       the factory. Default {@link BackoffIdleStrategy} with its default limits.</li>
 * </ul>
 *
 * <p>Stateless factory; thread-safe.
 */
public final class DisruptorQueueProvider implements QueueProvider {

    /** The provider name configs use. */
    public static final String NAME = "disruptor";

    /** The claim the ServiceLoader instance uses. */
    public static final ClaimStrategy DEFAULT_CLAIM = ClaimStrategy.GET_AND_ADD;

    private static final Set<QueueCapability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
            QueueCapability.MULTI_PRODUCER, QueueCapability.MULTI_CONSUMER, QueueCapability.PUSH_SLOT,
            QueueCapability.BATCH, QueueCapability.EXACTLY_ONCE, QueueCapability.OWNER_RECOVERY));

    private final Supplier<? extends IdleStrategy> idleStrategies;
    private final ClaimStrategy claimStrategy;

    /** The provider with the defaults: {@link #DEFAULT_CLAIM} and {@link BackoffIdleStrategy#BackoffIdleStrategy()}. */
    public DisruptorQueueProvider() {
        this(BackoffIdleStrategy::new, DEFAULT_CLAIM);
    }

    /**
     * A provider whose handles wait with strategies from {@code idleStrategies} and claim with
     * {@code claimStrategy}.
     *
     * @param idleStrategies called once per producer and consumer handle; must return a new
     *                       instance each time (strategies keep per-thread state), never null
     */
    public DisruptorQueueProvider(Supplier<? extends IdleStrategy> idleStrategies, ClaimStrategy claimStrategy) {
        this.idleStrategies = Objects.requireNonNull(idleStrategies, "idleStrategies");
        this.claimStrategy = Objects.requireNonNull(claimStrategy, "claimStrategy");
    }

    /** The default claim with idle strategies from {@code idleStrategies} (see the constructor). */
    public static DisruptorQueueProvider withIdleStrategy(Supplier<? extends IdleStrategy> idleStrategies) {
        return new DisruptorQueueProvider(idleStrategies, DEFAULT_CLAIM);
    }

    /** The default idle strategy with {@code claimStrategy}. */
    public static DisruptorQueueProvider withClaimStrategy(ClaimStrategy claimStrategy) {
        return new DisruptorQueueProvider(BackoffIdleStrategy::new, claimStrategy);
    }

    /** The claim strategy of the handles this provider makes. */
    public ClaimStrategy claimStrategy() {
        return claimStrategy;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Disruptor-style MPMC ring: getAndAdd claim, lap-stamped availability words, CAS claim of the published prefix";
    }

    @Override
    public Set<QueueCapability> capabilities() {
        return CAPABILITIES;
    }

    /** Every {@link QueueSpec} is servable: any producer and consumer count, any capacity and record size. */
    @Override
    public void validate(QueueSpec spec) {
        Objects.requireNonNull(spec, "spec");
    }

    @Override
    public long footprint(QueueSpec spec) {
        validate(spec);
        return new RingLayout(0, spec).footprint;
    }

    @Override
    public int usableCapacity(QueueSpec spec) {
        validate(spec);
        return spec.capacity();
    }

    /**
     * Zeroes the area and writes the header. Zero is the initial state of every word: both cursors
     * at sequence 0 and every availability word FREE for lap 0.
     */
    @Override
    public SharedQueue create(WordMemory memory, long offset, QueueSpec spec) {
        Objects.requireNonNull(memory, "memory");
        validate(spec);
        RingLayout ring = new RingLayout(offset, spec);
        // Zeroes [offset, offset + footprint) after checking bounds and alignment; magic last, with release.
        QueueHeader.write(memory, offset, NAME, spec, ring.footprint);
        return new DisruptorQueue(memory, spec, ring, idleStrategies, claimStrategy);
    }

    /** Verifies the header (design, shape, footprint) and builds a view; writes nothing. */
    @Override
    public SharedQueue attach(WordMemory memory, long offset, QueueSpec spec) {
        Objects.requireNonNull(memory, "memory");
        validate(spec);
        RingLayout ring = new RingLayout(offset, spec);
        QueueHeader.verify(memory, offset, NAME, spec, ring.footprint);
        return new DisruptorQueue(memory, spec, ring, idleStrategies, claimStrategy);
    }

    @Override
    public String toString() {
        return NAME + " (" + claimStrategy + ")";
    }
}
