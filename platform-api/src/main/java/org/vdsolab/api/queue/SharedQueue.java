package org.vdsolab.api.queue;

/**
 * A queue in shared memory, as seen from one domain. Producers and consumers act through
 * per-thread handles, which hold whatever private state the design keeps per party (liburing's
 * private {@code sqe_tail}, a cached index, a reusable slot handle), so that the hot path
 * allocates nothing.
 *
 * <p>Thread-safety: this object is thread-safe; each {@link QueueProducer} and
 * {@link QueueConsumer} belongs to one thread at a time. How many distinct ids may act at once is
 * given by the {@link QueueSpec} and the design's capabilities.
 */
public interface SharedQueue {

    /** The provider that made this queue. */
    String providerName();

    QueueSpec spec();

    /** Records this queue (or, for ring-per-producer designs, each ring) can hold. */
    int usableCapacity();

    /**
     * Records currently published and not yet popped; in-flight claims may be counted. Exact only
     * when no operation runs concurrently.
     */
    long size();

    /**
     * A new handle for producer {@code id} in [0, spec.producers). Call once per thread at set-up.
     *
     * @throws IllegalArgumentException if the id is out of range
     */
    QueueProducer producer(int id);

    /**
     * A new handle for consumer {@code id} in [0, spec.consumers). Call once per thread at set-up.
     *
     * @throws IllegalArgumentException if the id is out of range
     */
    QueueConsumer consumer(int id);
}
