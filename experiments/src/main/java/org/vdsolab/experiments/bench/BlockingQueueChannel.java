package org.vdsolab.experiments.bench;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * Peer and the Disruptor paper's baseline: {@link ArrayBlockingQueue} (one lock, two conditions)
 * carrying references to preallocated on-heap {@link Record64} holders, through its non-blocking
 * {@code offer}/{@code poll}. Thread-safety: as {@link BenchChannel}.
 */
public final class BlockingQueueChannel implements BenchChannel {

    private final ArrayBlockingQueue<Record64> queue;
    private final HolderPool[] pools;
    private final Party[] producerParties;
    private final Party[] consumerParties;

    public BlockingQueueChannel(int capacity, int producerCount, int consumerCount) {
        queue = new ArrayBlockingQueue<>(capacity);
        pools = new HolderPool[producerCount];
        producerParties = new Party[producerCount];
        for (int i = 0; i < producerCount; i++) {
            pools[i] = new HolderPool(capacity);
            producerParties[i] = new Party();
        }
        consumerParties = new Party[consumerCount];
        for (int i = 0; i < consumerCount; i++) {
            consumerParties[i] = new Party();
        }
    }

    @Override
    public boolean offer(int producer) {
        HolderPool pool = pools[producer];
        Record64 r = pool.peek();
        r.fill(producerParties[producer].seq);
        if (queue.offer(r)) {
            pool.advance();
            producerParties[producer].nextSeq();
            return true;
        }
        return false;
    }

    @Override
    public boolean poll(int consumer) {
        Record64 r = queue.poll();
        if (r == null) {
            return false;
        }
        consumerParties[consumer].absorb(r.read());
        return true;
    }

    @Override
    public long checksum(int consumer) {
        return consumerParties[consumer].checksum();
    }

    @Override
    public String name() {
        return "abq";
    }

    @Override
    public void close() { }
}
