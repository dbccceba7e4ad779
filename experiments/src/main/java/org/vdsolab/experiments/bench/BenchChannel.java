package org.vdsolab.experiments.bench;

/**
 * One queue under benchmark, seen as a channel of 64-byte records between numbered producers and
 * consumers. Each offer builds a record (eight longs derived from a per-producer sequence) and
 * enqueues it; each poll dequeues one and reads all eight longs, so every design does the same
 * work per record: build, hand over, read.
 *
 * <p>Thread-safety: producer {@code i} and consumer {@code j} are each used by one thread at a
 * time; distinct indices may run concurrently up to the shape the channel was opened with. Offers
 * and polls never block on an empty or full queue (they return false), and allocate nothing.
 */
public interface BenchChannel extends AutoCloseable {

    /** Bytes per record, for every channel. */
    int RECORD_BYTES = 64;

    /** Builds and enqueues one record from producer {@code producer}; false if the queue was full. */
    boolean offer(int producer);

    /** Dequeues and reads one record into consumer {@code consumer}'s private memory; false if none was there. */
    boolean poll(int consumer);

    /**
     * Builds {@code count} records and enqueues them as one batch; returns how many went in.
     *
     * @throws UnsupportedOperationException naming the channel when it has no batch operations
     */
    default int offerBatch(int producer, int count) {
        throw new UnsupportedOperationException("channel '" + name() + "' has no batch push");
    }

    /**
     * Dequeues up to {@code max} records as one batch and reads them; returns how many came out.
     *
     * @throws UnsupportedOperationException naming the channel when it has no batch operations
     */
    default int pollBatch(int consumer, int max) {
        throw new UnsupportedOperationException("channel '" + name() + "' has no batch pop");
    }

    /**
     * Called by a consumer after JMH has stopped measuring: keeps consuming while any producer is
     * still inside an offer, so a producer that waits for room (the Disruptor's claim overshoot
     * waits for a pop) can return and the iteration can end. A no-op for channels whose offers
     * never wait.
     */
    default void settle(int consumer) { }

    /** A digest of everything consumer {@code consumer} has read, so the reads cannot be optimised away. */
    long checksum(int consumer);

    /** The name the channel was opened with. */
    String name();

    /** Releases the channel's memory (unmaps and deletes any file it created). */
    @Override
    void close();
}
