package org.vdsolab.api.queue;

/** What a queue design can do; a provider declares a set of these and supports exactly those operations. */
public enum QueueCapability {
    /** Several producers may push into one queue concurrently (from any domain). */
    MULTI_PRODUCER,
    /** Several consumers may pop from one queue concurrently. */
    MULTI_CONSUMER,
    /** {@code pushFront} and {@code popBack} exist besides {@code pushBack} and {@code popFront}. */
    DOUBLE_ENDED,
    /** {@code pushSlotBack} (and {@code pushSlotFront} if double-ended): claim a slot, fill it in place, publish on close. */
    PUSH_SLOT,
    /** {@code pushMultiple} and {@code popMultiple}. */
    BATCH,
    /**
     * Each producer id gets a ring of its own (Linux: one SQ per process); the consumer polls them
     * all. Multi-producer only in that sense: two producers never share a ring.
     */
    RING_PER_PRODUCER,
    /**
     * Every pushed record is popped exactly once, intact, in per-producer FIFO order, for every
     * producer/consumer count the provider accepts. Absent from designs kept to measure a flaw.
     */
    EXACTLY_ONCE,
    /**
     * Producers made with {@link SharedQueue#producer(int, int)} stamp their owner token into what
     * they hold, and {@link SharedQueue#recover} turns what a dead owner held (a claimed, never
     * published slot) into a skipped one that consumers pass over, so that a producer killed
     * mid-push stops nobody. Nothing another producer published is lost or duplicated.
     */
    OWNER_RECOVERY
}
