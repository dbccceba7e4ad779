package org.vdsolab.experiments.bench;

/**
 * A producer's preallocated {@link Record64} holders, handed out round-robin: the on-heap
 * records the reference-passing peers enqueue. The pool is larger than any queue it feeds, so a
 * holder comes round again only after its previous hand-over was consumed. Not thread-safe:
 * one per producer.
 */
final class HolderPool {

    private final Record64[] holders;
    private final int mask;
    private int next;

    /** A pool of the power of two at or above {@code 2 * queueCapacity}. */
    HolderPool(int queueCapacity) {
        int size = Integer.highestOneBit(Math.max(2, queueCapacity) * 2 - 1) << 1;
        holders = new Record64[size];
        for (int i = 0; i < size; i++) {
            holders[i] = new Record64();
        }
        mask = size - 1;
    }

    /** The holder to fill next; {@link #advance()} once it has been enqueued. */
    Record64 peek() {
        return holders[next & mask];
    }

    void advance() {
        next++;
    }
}
