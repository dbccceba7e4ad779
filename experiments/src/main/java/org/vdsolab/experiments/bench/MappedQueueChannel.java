package org.vdsolab.experiments.bench;

import org.vdsolab.api.layout.VvarLayout;
import org.vdsolab.api.memory.SharedRegion;
import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueCapability;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.queue.SlotHandle;
import org.vdsolab.api.spi.Providers;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One of our {@link QueueProvider}s, found by name, over a {@link SharedRegion} file in /dev/shm:
 * the real, mapped use. Producers build each record in private off-heap memory and copy it in
 * ({@code pushBack}), or, in slot mode, claim a slot and build the record in place
 * ({@code pushSlotBack}, the vDSO design's {@code push_slot}). Consumers copy records out into private
 * memory ({@code popFront}). Batches use {@code pushMultiple} (ALL_OR_NOTHING, DPDK's bulk) and
 * {@code popMultiple}.
 *
 * <p>Thread-safety: as {@link BenchChannel}. Each producer raises its {@link Party#busy} flag
 * around a push, because the {@code disruptor} design's claim can overshoot a full ring and wait
 * for a pop; {@link #settle} pops until no producer is inside a push.
 */
public final class MappedQueueChannel implements BenchChannel {

    /** Records the private batch buffers hold: the largest batch the suite uses. */
    public static final int MAX_BATCH = 256;

    private static final AtomicLong REGIONS = new AtomicLong();

    private final String name;
    private final boolean slotPush;
    private final SharedRegion region;
    private final Arena arena = Arena.ofShared();
    private final QueueProducer[] producers;
    private final QueueConsumer[] consumers;
    private final Party[] producerParties;
    private final Party[] consumerParties;
    private final MemorySegment[] src;
    private final MemorySegment[] dst;

    /**
     * Opens provider {@code queue} with {@code capacity} slots of 64 bytes.
     *
     * @param slotPush push through {@code pushSlotBack} instead of a copy
     * @throws IllegalArgumentException if the provider cannot serve the shape or has no push_slot
     */
    public MappedQueueChannel(String queue, boolean slotPush, int capacity, int producerCount, int consumerCount) {
        QueueProvider provider = Providers.find(QueueProvider.class, queue);
        if (slotPush && !provider.has(QueueCapability.PUSH_SLOT)) {
            throw new IllegalArgumentException("queue '" + queue + "' has no PUSH_SLOT capability; its capabilities are "
                    + provider.capabilitySummary());
        }
        QueueSpec spec = new QueueSpec(capacity, RECORD_BYTES, producerCount, consumerCount);
        provider.validate(spec);
        this.name = slotPush ? queue + "/slot" : queue;
        this.slotPush = slotPush;
        VvarLayout layout = VvarLayout.builder("jmh-" + queue).global("queue", provider.footprint(spec)).build(1);
        Path file = SharedRegion.defaultPath("jmh-" + ProcessHandle.current().pid() + "-" + REGIONS.incrementAndGet());
        this.region = SharedRegion.create(file, layout, true);
        SharedQueue q = provider.create(region.memory(), region.offset("queue"), spec);
        producers = new QueueProducer[producerCount];
        producerParties = new Party[producerCount];
        src = new MemorySegment[producerCount];
        for (int i = 0; i < producerCount; i++) {
            producers[i] = q.producer(i);
            producerParties[i] = new Party();
            src[i] = arena.allocate((long) MAX_BATCH * RECORD_BYTES, 64);
        }
        consumers = new QueueConsumer[consumerCount];
        consumerParties = new Party[consumerCount];
        dst = new MemorySegment[consumerCount];
        for (int i = 0; i < consumerCount; i++) {
            consumers[i] = q.consumer(i);
            consumerParties[i] = new Party();
            dst[i] = arena.allocate((long) MAX_BATCH * RECORD_BYTES, 64);
        }
    }

    @Override
    public boolean offer(int producer) {
        Party p = producerParties[producer];
        p.busy(true);
        boolean ok;
        if (slotPush) {
            SlotHandle h = producers[producer].pushSlotBack();
            ok = h != null;
            if (ok) {
                Record64.fill(h.segment(), h.offset(), p.nextSeq());
                h.close();
            }
        } else {
            MemorySegment s = src[producer];
            Record64.fill(s, 0, p.seq);
            ok = producers[producer].pushBack(s, 0);
            if (ok) {
                p.nextSeq();
            }
        }
        p.busy(false);
        return ok;
    }

    @Override
    public boolean poll(int consumer) {
        MemorySegment d = dst[consumer];
        if (consumers[consumer].popFront(d, 0)) {
            consumerParties[consumer].absorb(Record64.read(d, 0));
            return true;
        }
        return false;
    }

    @Override
    public int offerBatch(int producer, int count) {
        Party p = producerParties[producer];
        MemorySegment s = src[producer];
        long seq = p.seq;
        for (int i = 0; i < count; i++) {
            Record64.fill(s, (long) i * RECORD_BYTES, seq + i);
        }
        p.busy(true);
        int n = producers[producer].pushMultiple(s, 0, count, BatchMode.ALL_OR_NOTHING);
        p.busy(false);
        p.seq = seq + n;
        return n;
    }

    @Override
    public int pollBatch(int consumer, int max) {
        MemorySegment d = dst[consumer];
        int n = consumers[consumer].popMultiple(d, 0, max);
        Party c = consumerParties[consumer];
        for (int i = 0; i < n; i++) {
            c.absorb(Record64.read(d, (long) i * RECORD_BYTES));
        }
        return n;
    }

    @Override
    public void settle(int consumer) {
        while (anyProducerBusy()) {
            poll(consumer);
        }
    }

    private boolean anyProducerBusy() {
        for (Party p : producerParties) {
            if (p.busy()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public long checksum(int consumer) {
        return consumerParties[consumer].checksum();
    }

    @Override
    public String name() {
        return name;
    }

    /** The region file this channel's queue lives in. */
    public Path file() {
        return region.file();
    }

    @Override
    public void close() {
        region.close();
        region.delete();
        arena.close();
    }
}
