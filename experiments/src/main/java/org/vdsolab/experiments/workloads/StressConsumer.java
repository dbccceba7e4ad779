package org.vdsolab.experiments.workloads;

import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.workload.LatencyRecorder;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * One queue-stress consumer (a thread, or the whole of a child JVM): pops until every producer
 * is done and the queue has stayed empty for {@link #EMPTY_GRACE_NANOS}, checking each record.
 * Counts records, torn ones (checksum or field mismatch: a slot read while half written), its own
 * duplicates and out-of-order arrivals per producer, and marks each (producer, seq) in a private
 * bitmap that it stores in the region at the end; the parent merges the bitmaps of all consumers
 * into {@code lost} and cross-consumer {@code duplicated}. Records latency (pop time minus the
 * record's send or scheduled time) when records carry a time. Stores its running count
 * ({@code taken}) after every pop, so that the parent knows how many records a child JVM that died
 * before reporting had taken. Allocates nothing per record.
 * In per-cpu placement it pops only its CPU's queue ({@code queue} is that copy).
 * Not thread-safe: one per thread.
 */
final class StressConsumer implements Runnable {

    /** How long an empty queue must stay empty, once all producers are done, before a consumer stops. */
    static final long EMPTY_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final int SPINS_BEFORE_YIELD = 64;

    private final StressConfig config;
    private final StressRegion region;
    private final int id;
    private final long line;
    private final QueueConsumer consumer;
    private final MemorySegment scratch;
    private final LatencyRecorder latency;
    private final long[][] seen;
    private final long[] lastSeq;
    private long received;
    private long torn;
    private long duplicates;
    private long outOfOrder;
    private long lastNanos;

    /**
     * @param latency where latency samples go; null when none are wanted
     * @param owner   its liveness registration ({@link org.vdsolab.api.liveness.OwnerToken}), or NONE
     */
    StressConsumer(StressConfig config, StressRegion region, SharedQueue queue, int id, LatencyRecorder latency, int owner) {
        this.config = config;
        this.region = region;
        this.id = id;
        this.line = region.consumerLine(id);
        this.consumer = queue.consumer(config.localId(id), owner); // its index among the consumers of its CPU's queue
        this.scratch = MemorySegment.ofArray(new long[config.batch() * config.recordBytes() / 8]);
        this.latency = StressRecords.timed(config.recordBytes()) ? latency : null;
        this.seen = new long[config.producers()][region.bitmapWordCount()];
        this.lastSeq = new long[config.producers()];
        Arrays.fill(lastSeq, -1);
    }

    @Override
    public void run() {
        try {
            region.ready(line);
            long start = region.awaitStart();
            long retries = start == 0 ? 0 : consume();
            region.setField(line, StressRegion.COUNT, received);
            region.setField(line, StressRegion.RETRIES, retries);
            region.setField(line, StressRegion.TORN, torn);
            region.setField(line, StressRegion.DUPLICATES, duplicates);
            region.setField(line, StressRegion.OUT_OF_ORDER, outOfOrder);
            region.setField(line, StressRegion.LAST_NANOS, lastNanos);
            for (int p = 0; p < config.producers(); p++) {
                region.storeBitmap(id, p, seen[p]);
            }
        } catch (RuntimeException | Error e) {
            region.setField(line, StressRegion.FAILED, 1);
            throw e;
        } finally {
            region.done(line);
        }
    }

    private long consume() {
        int rb = config.recordBytes();
        int batch = config.batch();
        long retries = 0;
        long idleSince = 0;
        int spins = 0;
        while (true) {
            int n = batch == 1 ? (consumer.popFront(scratch, 0) ? 1 : 0) : consumer.popMultiple(scratch, 0, batch);
            if (n > 0) {
                long now = System.nanoTime();
                lastNanos = now;
                for (int i = 0; i < n; i++) {
                    check((long) i * rb, rb, now);
                }
                received += n;
                region.setProgress(line, StressRegion.TAKEN, received);
                idleSince = 0;
                spins = 0;
                continue;
            }
            retries++;
            if (region.allProducersFinished()) {
                long now = System.nanoTime();
                if (idleSince == 0) {
                    idleSince = now;
                } else if (now - idleSince > EMPTY_GRACE_NANOS) {
                    return retries;
                }
            } else if ((retries & 1023) == 0 && region.aborted()) {
                return retries;
            }
            if (++spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    private void check(long offset, int rb, long now) {
        long key = StressRecords.check(scratch, offset, rb);
        if (key == StressRecords.TORN) {
            torn++;
            return;
        }
        int p = StressRecords.producerOf(key);
        long seq = StressRecords.seqOf(key);
        if (p >= config.producers() || seq >= config.recordsFor(p)) {
            torn++; // intact checksum but impossible fields: count it as torn (field mismatch)
            return;
        }
        long[] bits = seen[p];
        int word = (int) (seq >>> 6);
        long mask = 1L << seq;
        if ((bits[word] & mask) != 0) {
            duplicates++; // delivered before (by this consumer); not also counted as out of order
            return;
        }
        bits[word] |= mask;
        if (seq < lastSeq[p]) {
            outOfOrder++;
        }
        lastSeq[p] = seq;
        if (latency != null) {
            latency.record(Math.max(0, now - StressRecords.sendNanos(scratch, offset)));
        }
    }
}
