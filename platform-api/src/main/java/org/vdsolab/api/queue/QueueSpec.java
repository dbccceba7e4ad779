package org.vdsolab.api.queue;

/**
 * The shape of one shared queue: fixed at creation, recorded in the queue's own header and checked
 * again by every domain that attaches.
 *
 * @param capacity    slots in the ring, a power of two in [2, 2^30]; a design may use fewer of
 *                    them (vsched keeps one spare) and reports its usable capacity
 * @param recordBytes bytes per record, a multiple of 8 in [8, 4096] (16 for a CQE, 64 for an SQE)
 * @param producers   how many producer ids [0, producers) will push
 * @param consumers   how many consumer ids [0, consumers) will pop
 */
public record QueueSpec(int capacity, int recordBytes, int producers, int consumers) {

    public static final int MAX_CAPACITY = 1 << 30;
    public static final int MAX_RECORD_BYTES = 4096;

    public QueueSpec {
        if (capacity < 2 || capacity > MAX_CAPACITY || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("queue capacity must be a power of two in [2, 2^30], got " + capacity);
        }
        if (recordBytes < 8 || recordBytes > MAX_RECORD_BYTES || (recordBytes & 7) != 0) {
            throw new IllegalArgumentException("queue recordBytes must be a multiple of 8 in [8, 4096], got " + recordBytes);
        }
        if (producers < 1 || producers > 4096) {
            throw new IllegalArgumentException("queue producers must be in [1, 4096], got " + producers);
        }
        if (consumers < 1 || consumers > 4096) {
            throw new IllegalArgumentException("queue consumers must be in [1, 4096], got " + consumers);
        }
    }

    /** A spec for one producer and one consumer. */
    public static QueueSpec of(int capacity, int recordBytes) {
        return new QueueSpec(capacity, recordBytes, 1, 1);
    }
}
