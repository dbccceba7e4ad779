package org.vdsolab.experiments.bench;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;

/**
 * Peer: an LMAX Disruptor 4 {@link RingBuffer} of preallocated {@link Record64} events, single-
 * or multi-producer, with one consumer (a Disruptor consumer sees every event, so the ring has
 * exactly one consumer here: version 4 has no queue-style work sharing between consumers).
 * Producers claim with {@code tryNext} (never waits: the CAS claim of the multi-producer
 * sequencer, which fails instead of overshooting), write the event in place and {@code publish}.
 * The consumer is the Disruptor's {@code BatchEventProcessor} loop taken one event per call: it
 * checks the next sequence with {@code isAvailable} (the cursor for the single-producer sequencer,
 * the slot's availability word for the multi-producer one), reads the run of available events up
 * to its limit, then advances its gating {@link Sequence} once (a release store). (The
 * {@code EventPoller} would rescan every claimed slot's availability word on each call, which
 * costs O(claimed) per event when taken one event at a time.) The wait strategy is
 * {@link BusySpinWaitStrategy}: nothing here blocks, and the default blocking strategy would take
 * a lock on every publish. Thread-safety: as {@link BenchChannel}.
 */
public final class LmaxChannel implements BenchChannel {

    private final String name;
    private final RingBuffer<Record64> ring;
    private final Sequence consumed = new Sequence();
    private final Party[] producerParties;
    private final Party consumerParty = new Party();
    private long nextToRead = RingBuffer.INITIAL_CURSOR_VALUE + 1;

    /** @param multi multi-producer sequencer when true, single-producer when false */
    public LmaxChannel(String name, boolean multi, int capacity, int producerCount, int consumerCount) {
        if (consumerCount != 1) {
            throw new IllegalArgumentException("channel '" + name + "' takes 1 consumer (a Disruptor consumer sees every event), got "
                    + consumerCount);
        }
        if (!multi && producerCount != 1) {
            throw new IllegalArgumentException("channel '" + name + "' (single-producer sequencer) takes 1 producer, got "
                    + producerCount);
        }
        this.name = name;
        ring = multi ? RingBuffer.createMultiProducer(Record64::new, capacity, new BusySpinWaitStrategy())
                : RingBuffer.createSingleProducer(Record64::new, capacity, new BusySpinWaitStrategy());
        ring.addGatingSequences(consumed);
        producerParties = new Party[producerCount];
        for (int i = 0; i < producerCount; i++) {
            producerParties[i] = new Party();
        }
    }

    @Override
    public boolean offer(int producer) {
        long seq;
        try {
            seq = ring.tryNext();
        } catch (InsufficientCapacityException full) {   // a preallocated singleton: no allocation
            return false;
        }
        ring.get(seq).fill(producerParties[producer].nextSeq());
        ring.publish(seq);
        return true;
    }

    @Override
    public boolean poll(int consumer) {
        return pollBatch(consumer, 1) == 1;
    }

    @Override
    public int offerBatch(int producer, int count) {
        long hi;
        try {
            hi = ring.tryNext(count);
        } catch (InsufficientCapacityException full) {
            return 0;
        }
        long lo = hi - count + 1;
        Party p = producerParties[producer];
        for (long s = lo; s <= hi; s++) {
            ring.get(s).fill(p.nextSeq());
        }
        ring.publish(lo, hi);
        return count;
    }

    @Override
    public int pollBatch(int consumer, int max) {
        long next = nextToRead;
        long hi = next - 1;
        while (hi - next + 1 < max && ring.isAvailable(hi + 1)) {
            consumerParty.absorb(ring.get(++hi).read());
        }
        if (hi < next) {
            return 0;
        }
        nextToRead = hi + 1;
        consumed.set(hi);   // release: the events up to hi may now be overwritten by producers
        return (int) (hi - next + 1);
    }

    @Override
    public long checksum(int consumer) {
        return consumerParty.checksum();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() { }
}
