package org.vdsolab.api.queue.testkit;

import org.jetbrains.lincheck.datastructures.Operation;
import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.queue.SlotHandle;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The object Lincheck tests: one fresh queue of the provider under test, with one handle per
 * party. Every operation takes the party (producer or consumer id) as its first argument; the
 * scenarios of {@link LincheckScenarios} assign parties so that no handle is used by two threads
 * and single-producer / single-consumer designs get one producer / consumer thread.
 *
 * <p>Values are small positive longs pushed as 16-byte records {@code {v, ~v}}; a pop that finds
 * a record whose second word is not the complement of its first returns {@link #TORN}. The
 * sequential specification is {@link BoundedDequeSpec}: methods here and there have the same
 * names, parameters and results. Built by Lincheck through the no-argument constructor, from the
 * {@link LincheckTarget} the runner set; one instance per invocation; handles are per thread.
 */
public class QueueOperations {

    /** What a pop returns for a record whose words do not match (a torn or foreign record). */
    public static final long TORN = -1;

    /** Record size used by every Lincheck check. */
    static final int RECORD_BYTES = 16;

    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;

    private final SharedQueue queue;
    private final QueueProducer[] producers;
    private final QueueConsumer[] consumers;
    private final MemorySegment[] producerScratch;
    private final MemorySegment[] consumerScratch;

    public QueueOperations() {
        LincheckTarget target = LincheckTarget.get();
        this.queue = target.newQueue();
        int p = target.spec.producers();
        int c = target.spec.consumers();
        this.producers = new QueueProducer[p];
        this.producerScratch = new MemorySegment[p];
        for (int i = 0; i < p; i++) {
            producers[i] = queue.producer(i);
            producerScratch[i] = MemorySegment.ofArray(new long[2 * target.maxBatch]);
        }
        this.consumers = new QueueConsumer[c];
        this.consumerScratch = new MemorySegment[c];
        for (int i = 0; i < c; i++) {
            consumers[i] = queue.consumer(i);
            consumerScratch[i] = MemorySegment.ofArray(new long[2 * target.maxBatch]);
        }
    }

    private static void put(MemorySegment segment, long offset, long value) {
        segment.set(WORD, offset, value);
        segment.set(WORD, offset + 8, ~value);
    }

    private static long take(MemorySegment segment, long offset) {
        long v = segment.get(WORD, offset);
        return segment.get(WORD, offset + 8) == ~v ? v : TORN;
    }

    @Operation
    public boolean pushBack(int party, long value) {
        MemorySegment s = producerScratch[party];
        put(s, 0, value);
        return producers[party].pushBack(s, 0);
    }

    @Operation
    public boolean pushFront(int party, long value) {
        MemorySegment s = producerScratch[party];
        put(s, 0, value);
        return producers[party].pushFront(s, 0);
    }

    @Operation
    public Long popFront(int party) {
        MemorySegment s = consumerScratch[party];
        return consumers[party].popFront(s, 0) ? take(s, 0) : null;
    }

    @Operation
    public Long popBack(int party) {
        MemorySegment s = consumerScratch[party];
        return consumers[party].popBack(s, 0) ? take(s, 0) : null;
    }

    /** Pushes {@code firstValue, firstValue+1, ...}, {@code count} records; returns how many went in. */
    @Operation
    public int pushMultiple(int party, long firstValue, int count, boolean allOrNothing) {
        MemorySegment s = producerScratch[party];
        for (int i = 0; i < count; i++) {
            put(s, (long) i * RECORD_BYTES, firstValue + i);
        }
        return producers[party].pushMultiple(s, 0, count, allOrNothing ? BatchMode.ALL_OR_NOTHING : BatchMode.AS_MANY_AS_FIT);
    }

    @Operation
    public List<Long> popMultiple(int party, int max) {
        MemorySegment s = consumerScratch[party];
        int n = consumers[party].popMultiple(s, 0, max);
        List<Long> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(take(s, (long) i * RECORD_BYTES));
        }
        return values;
    }

    /** Claims a back slot, writes the record in place, publishes it; false if full. */
    @Operation
    public boolean pushSlotBack(int party, long value) {
        return slot(producers[party].pushSlotBack(), value, true);
    }

    /** Claims a back slot, writes a record, aborts it; true if the claim succeeded. Never delivers anything. */
    @Operation
    public boolean pushSlotBackAborted(int party, long value) {
        return slot(producers[party].pushSlotBack(), value, false);
    }

    @Operation
    public boolean pushSlotFront(int party, long value) {
        return slot(producers[party].pushSlotFront(), value, true);
    }

    @Operation
    public boolean pushSlotFrontAborted(int party, long value) {
        return slot(producers[party].pushSlotFront(), value, false);
    }

    private static boolean slot(SlotHandle handle, long value, boolean publish) {
        if (handle == null) {
            return false;
        }
        // In place, key word first and check word last, as a producer filling an SQE would.
        put(handle.segment(), handle.offset(), value);
        if (publish) {
            handle.close();
        } else {
            handle.abort();
        }
        return true;
    }
}
