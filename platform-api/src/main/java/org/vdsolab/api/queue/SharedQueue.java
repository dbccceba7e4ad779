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
     * A new handle for producer {@code id} acting for the domain registration {@code owner} (an
     * {@link org.vdsolab.api.liveness.OwnerToken}). Designs with
     * {@link QueueCapability#OWNER_RECOVERY} stamp the owner into every slot the handle claims, so
     * that {@link #recover} can take back what it held if that domain dies; the others ignore the
     * owner (this default) and nothing they hold can be recovered.
     *
     * @throws IllegalArgumentException if the id is out of range or the owner is not a valid token
     */
    default QueueProducer producer(int id, int owner) {
        org.vdsolab.api.liveness.OwnerToken.checkOwner(owner);
        return producer(id);
    }

    /**
     * One recovery sweep: every slot held by an owner that {@code liveness} says is dead is made
     * harmless: a claimed, unpublished slot becomes a skipped one (consumers remove it without
     * delivering anything) or free again if it never entered the queue. Safe to run concurrently
     * with every other operation and with other sweeps; a slot held by a live (even a stalled)
     * owner is never touched. Designs without {@link QueueCapability#OWNER_RECOVERY} return 0.
     * May allocate (liveness asks the OS): call it from a supervisor, not a hot path.
     *
     * @return slots recovered by this sweep
     */
    default long recover(org.vdsolab.api.liveness.OwnerLiveness liveness) {
        return 0;
    }

    /**
     * Inconsistencies this queue has found in its own shared words (an index or cursor outside
     * anything the algorithm can produce: what a domain scribbling on the vvar leaves behind) and
     * refused to act on, counted in shared memory so every domain sees the same number. 0 for
     * designs that do not check.
     */
    default long faults() {
        return 0;
    }

    /**
     * A new handle for consumer {@code id} in [0, spec.consumers). Call once per thread at set-up.
     *
     * @throws IllegalArgumentException if the id is out of range
     */
    QueueConsumer consumer(int id);

    /**
     * A new handle for consumer {@code id} acting for the domain registration {@code owner}. Designs
     * with {@link QueueCapability#OWNER_RECOVERY} stamp the owner into what the consumer holds while
     * it copies a record out, so that {@link #recover} can free those slots if it dies (the records
     * it was taking are lost with it); the others ignore the owner (this default).
     *
     * @throws IllegalArgumentException if the id is out of range or the owner is not a valid token
     */
    default QueueConsumer consumer(int id, int owner) {
        org.vdsolab.api.liveness.OwnerToken.checkOwner(owner);
        return consumer(id);
    }
}
