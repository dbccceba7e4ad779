package org.vdsolab.api.queue;

import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.spi.Provider;

import java.util.Set;
import java.util.TreeSet;

/**
 * A queue design that lives entirely in shared memory: the service-provider interface behind every
 * SQ and CQ in vdsolab. Found by {@link #name()} through {@link org.vdsolab.api.spi.Providers}.
 *
 * <p>Contract:
 * <ul>
 *   <li>The queue occupies {@link #footprint} bytes at an offset of the caller's choosing (aligned
 *       to {@link #ALIGNMENT}) in a {@link WordMemory}; everything it stores there is offsets,
 *       indices, counters and record bytes, never a Java reference or an absolute address, so any
 *       domain mapping the same memory can {@link #attach} it.</li>
 *   <li>{@link #create} initialises the memory (the kernel domain does this once); {@link #attach}
 *       checks the queue's header against the spec and fails with a message naming the mismatch.</li>
 *   <li>The queue supports the operations its {@link #capabilities()} declare; the others throw
 *       {@link UnsupportedOperationException} naming the provider and the operation.</li>
 *   <li>The same code runs over a mapped segment (real use) and over a heap backend (model
 *       checking); nothing in an implementation may depend on which.</li>
 * </ul>
 * Providers are stateless factories and thread-safe.
 */
public interface QueueProvider extends Provider {

    /** Alignment every queue's base offset must have: one cache line. */
    long ALIGNMENT = 64;

    /** The operations and guarantees this design offers. */
    Set<QueueCapability> capabilities();

    default boolean has(QueueCapability capability) {
        return capabilities().contains(capability);
    }

    /**
     * Checks that this design can serve {@code spec}, e.g. that a single-consumer design is not
     * asked for two consumers.
     *
     * @throws IllegalArgumentException naming the spec field, its value and what is allowed
     */
    void validate(QueueSpec spec);

    /** Bytes of shared memory a queue of this shape needs, a multiple of {@link #ALIGNMENT}. */
    long footprint(QueueSpec spec);

    /** Usable capacity in records for {@code spec} (per ring for ring-per-producer designs). */
    int usableCapacity(QueueSpec spec);

    /**
     * Initialises a new, empty queue at {@code offset} and returns a handle to it.
     *
     * @throws IllegalArgumentException if the spec is invalid for this design or the area is
     *                                  misaligned or too small
     */
    SharedQueue create(WordMemory memory, long offset, QueueSpec spec);

    /**
     * Attaches to a queue another domain created at {@code offset}.
     *
     * @throws IllegalStateException if no queue of this design and shape is there; the message
     *                               names the field that differs
     */
    SharedQueue attach(WordMemory memory, long offset, QueueSpec spec);

    @Override
    default String capabilitySummary() {
        Set<String> names = new TreeSet<>();
        for (QueueCapability c : capabilities()) {
            names.add(c.name().toLowerCase(java.util.Locale.ROOT));
        }
        return String.join(", ", names);
    }
}
