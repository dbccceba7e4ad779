package org.vdsolab.experiments.bench;

import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.MpmcArrayQueue;
import org.jctools.queues.SpscArrayQueue;

/**
 * Peer: a JCTools {@link MpmcArrayQueue} (Vyukov's per-slot sequence queue) or
 * {@link SpscArrayQueue} carrying references to preallocated on-heap {@link Record64} holders.
 * Batches use {@code fill}/{@code drain} with a limit, JCTools' batch operations, through a
 * supplier and a consumer preallocated per party. Thread-safety: as {@link BenchChannel}.
 */
public final class JctoolsChannel implements BenchChannel {

    private final String name;
    private final MessagePassingQueue<Record64> queue;
    private final HolderPool[] pools;
    private final Party[] producerParties;
    private final Party[] consumerParties;
    private final MessagePassingQueue.Supplier<Record64>[] suppliers;
    private final MessagePassingQueue.Consumer<Record64>[] drainers;

    /** @param multi MpmcArrayQueue when true, SpscArrayQueue (one producer, one consumer) when false */
    @SuppressWarnings("unchecked")
    public JctoolsChannel(String name, boolean multi, int capacity, int producerCount, int consumerCount) {
        if (!multi && (producerCount != 1 || consumerCount != 1)) {
            throw new IllegalArgumentException("channel '" + name + "' (SpscArrayQueue) takes 1 producer and 1 consumer, got "
                    + producerCount + "P" + consumerCount + "C");
        }
        this.name = name;
        this.queue = multi ? new MpmcArrayQueue<>(capacity) : new SpscArrayQueue<>(capacity);
        pools = new HolderPool[producerCount];
        producerParties = new Party[producerCount];
        suppliers = new MessagePassingQueue.Supplier[producerCount];
        for (int i = 0; i < producerCount; i++) {
            HolderPool pool = new HolderPool(capacity);
            Party p = new Party();
            pools[i] = pool;
            producerParties[i] = p;
            suppliers[i] = () -> {
                Record64 r = pool.peek();
                pool.advance();
                r.fill(p.nextSeq());
                return r;
            };
        }
        consumerParties = new Party[consumerCount];
        drainers = new MessagePassingQueue.Consumer[consumerCount];
        for (int i = 0; i < consumerCount; i++) {
            Party c = new Party();
            consumerParties[i] = c;
            drainers[i] = r -> c.absorb(r.read());
        }
    }

    @Override
    public boolean offer(int producer) {
        HolderPool pool = pools[producer];
        Record64 r = pool.peek();
        r.fill(producerParties[producer].seq);
        if (queue.relaxedOffer(r)) {
            pool.advance();
            producerParties[producer].nextSeq();
            return true;
        }
        return false;
    }

    @Override
    public boolean poll(int consumer) {
        Record64 r = queue.relaxedPoll();
        if (r == null) {
            return false;
        }
        consumerParties[consumer].absorb(r.read());
        return true;
    }

    @Override
    public int offerBatch(int producer, int count) {
        return queue.fill(suppliers[producer], count);
    }

    @Override
    public int pollBatch(int consumer, int max) {
        return queue.drain(drainers[consumer], max);
    }

    @Override
    public long checksum(int consumer) {
        return consumerParties[consumer].checksum();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() { }
}
