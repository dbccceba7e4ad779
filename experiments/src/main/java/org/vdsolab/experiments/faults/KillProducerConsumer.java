package org.vdsolab.experiments.faults;

import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.workload.LatencyRecorder;
import org.vdsolab.experiments.workloads.StressRecords;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One fault-kill-producer consumer thread in the parent: pops until told to stop, checks every
 * record ({@link StressRecords}), marks (stream, seq) in private bitmaps and counts torn records
 * (a bad checksum, or a stream or sequence number no child was given) and its own duplicates.
 * {@link #progress()} is published with release on every pop so the parent's stall monitor sees it.
 * A consumer stuck inside a pop that spins on a dead producer's slot (vsched-classic) is stopped by
 * {@link Thread#interrupt()}: the designs give up and report "empty" then. Allocates nothing per
 * record. A pop that spins without looking at interrupts (disruptor's claimed-run wait) ends only
 * when the parent unmaps the region; the failed access is swallowed once the consumer was told
 * to stop. Not thread-safe: run by one thread; the parent reads its results after joining it.
 */
final class KillProducerConsumer implements Runnable {

    private final QueueConsumer consumer;
    private final int recordBytes;
    private final int streams;
    private final long[][] seen;
    private final long[] bitLimit;
    private final MemorySegment scratch;
    private final AtomicLong progress = new AtomicLong();
    private final AtomicLong lastPopNanos = new AtomicLong();
    private volatile boolean stop;
    private volatile LatencyRecorder latency;
    private long torn;
    private long duplicates;

    /** @param maxSeq records any one stream may publish (bitmap size per stream) */
    KillProducerConsumer(QueueConsumer consumer, int recordBytes, int streams, long maxSeq) {
        this.consumer = consumer;
        this.recordBytes = recordBytes;
        this.streams = streams;
        this.seen = new long[streams][(int) ((maxSeq + 63) / 64)];
        this.bitLimit = new long[streams];
        java.util.Arrays.fill(bitLimit, maxSeq);
        this.scratch = MemorySegment.ofArray(new long[recordBytes / 8]);
    }

    /** The latency recorder of the thread that runs this consumer (set by that thread). */
    void latency(LatencyRecorder recorder) { this.latency = recorder; }

    @Override
    public void run() {
        try {
            consume(latency);
        } catch (IllegalStateException e) {
            if (!stop) {
                throw e;
            }
            // Stopped, and the region was unmapped under a pop that spun on a dead producer's slot
            // and ignores interrupts: the only way such a consumer ends. The parent counted it as stuck.
        }
    }

    private void consume(LatencyRecorder rec) {
        int spins = 0;
        while (!stop) {
            if (consumer.popFront(scratch, 0)) {
                long now = System.nanoTime();
                check(now, rec);
                lastPopNanos.setRelease(now);
                progress.setRelease(progress.getPlain() + 1); // release: one writer; the monitor only compares values
                spins = 0;
            } else if (++spins < 64) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    private void check(long now, LatencyRecorder rec) {
        long key = StressRecords.check(scratch, 0, recordBytes);
        if (key == StressRecords.TORN) {
            torn++;
            return;
        }
        int s = StressRecords.producerOf(key);
        long seq = StressRecords.seqOf(key);
        if (s >= streams || seq >= bitLimit[s]) {
            torn++; // an intact checksum over fields no child was given
            return;
        }
        long[] bits = seen[s];
        int word = (int) (seq >>> 6);
        long mask = 1L << seq;
        if ((bits[word] & mask) != 0) {
            duplicates++;
            return;
        }
        bits[word] |= mask;
        if (rec != null) {
            rec.record(Math.max(0, now - StressRecords.sendNanos(scratch, 0)));
        }
    }

    /** Records popped so far (any thread). */
    long progress() { return progress.getAcquire(); }

    /** Time of the last pop, 0 if none (any thread). */
    long lastPopNanos() { return lastPopNanos.getAcquire(); }

    /** Asks the loop to end; interrupt the thread too if a pop may be spinning. */
    void stop() { stop = true; }

    // Read after join:
    long torn() { return torn; }

    long duplicates() { return duplicates; }

    long[] seen(int stream) { return seen[stream]; }
}
