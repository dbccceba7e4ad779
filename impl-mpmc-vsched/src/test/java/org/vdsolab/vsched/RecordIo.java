package org.vdsolab.vsched;

import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;

import java.lang.foreign.MemorySegment;

/** Pushes and pops checksummed records carrying long values through a queue's handles. One per thread. */
final class RecordIo {

    private final int recordBytes;
    private final MemorySegment one;
    private final MemorySegment many;

    RecordIo(int recordBytes, int maxBatch) {
        this.recordBytes = recordBytes;
        this.one = Records.scratch(1, recordBytes);
        this.many = Records.scratch(Math.max(1, maxBatch), recordBytes);
    }

    boolean pushBack(QueueProducer producer, long value) {
        Records.write(one, 0, value, recordBytes);
        return producer.pushBack(one, 0);
    }

    boolean pushFront(QueueProducer producer, long value) {
        Records.write(one, 0, value, recordBytes);
        return producer.pushFront(one, 0);
    }

    /** Pushes values first, first+1, ... first+count-1 as one batch. */
    int pushMultiple(QueueProducer producer, long first, int count, BatchMode mode) {
        for (int k = 0; k < count; k++) {
            Records.write(many, (long) k * recordBytes, first + k, recordBytes);
        }
        return producer.pushMultiple(many, 0, count, mode);
    }

    /** The popped value, or null when the pop reported empty. */
    Long popFront(QueueConsumer consumer) {
        return consumer.popFront(one, 0) ? Records.read(one, 0, recordBytes) : null;
    }

    Long popBack(QueueConsumer consumer) {
        return consumer.popBack(one, 0) ? Records.read(one, 0, recordBytes) : null;
    }

    /** Pops a batch; returns the values popped. */
    long[] popMultiple(QueueConsumer consumer, int max) {
        int n = consumer.popMultiple(many, 0, max);
        long[] values = new long[n];
        for (int k = 0; k < n; k++) {
            values[k] = Records.read(many, (long) k * recordBytes, recordBytes);
        }
        return values;
    }

    /** The value in batch scratch position k after {@link #popMultipleRaw}. */
    long batchValue(int k) {
        return Records.read(many, (long) k * recordBytes, recordBytes);
    }

    /** Pops a batch without allocating; read the values with {@link #batchValue}. */
    int popMultipleRaw(QueueConsumer consumer, int max) {
        return consumer.popMultiple(many, 0, max);
    }
}
