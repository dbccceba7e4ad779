package org.vdsolab.experiments.workloads;

import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.queue.SlotHandle;
import org.vdsolab.api.workload.Pacer;

import java.lang.foreign.MemorySegment;

/**
 * One queue-stress producer (a thread, or the whole of a child JVM): pushes its share of the
 * records, numbered 0..n-1, as fast as the queue takes them (closed loop) or on a {@link Pacer}'s
 * schedule (open loop, where the record's time is the SCHEDULED send time so that a stall shows
 * in the latency of every record behind it). Copies from private memory ({@code push: copy},
 * {@code pushMultiple} when batch > 1) or writes in place ({@code push: slot}, one claim at a time:
 * the SPI keeps one open slot per producer). When the queue is full it spins briefly, then yields.
 * In per-cpu placement it pushes into its CPU's queue ({@code queue} is that copy) under its local
 * index; the record still carries its global producer id, so the accounting is the same.
 * With a deadline ({@code run.duration_s}) it sends nothing whose send time is past it, and
 * stores as its target the records it had begun, so that the ones it never sent are not lost.
 * After every record it stores its progress in its control line ({@code started} before a push,
 * {@code published} after it), so that the parent can account for a child JVM that dies midway.
 * Allocates nothing per record. Not thread-safe: one per thread.
 */
final class StressProducer implements Runnable {

    private static final int SPINS_BEFORE_YIELD = 64;

    private final StressConfig config;
    private final StressRegion region;
    private final int id;
    private final long line;
    private final QueueProducer producer;
    private final MemorySegment scratch;
    private long retries;
    private long target;

    /** @param owner its liveness registration ({@link org.vdsolab.api.liveness.OwnerToken}), or NONE */
    StressProducer(StressConfig config, StressRegion region, SharedQueue queue, int id, int owner) {
        this.config = config;
        this.region = region;
        this.id = id;
        this.line = region.producerLine(id);
        this.producer = queue.producer(config.localId(id), owner); // its index among the producers of its CPU's queue
        this.scratch = MemorySegment.ofArray(new long[config.batch() * config.recordBytes() / 8]);
    }

    @Override
    public void run() {
        try {
            region.ready(line);
            long start = region.awaitStart();
            target = config.recordsFor(id);
            long pushed = start == 0 ? 0 : produce(start, region.deadlineNanos());
            region.setField(line, StressRegion.COUNT, pushed);
            region.setField(line, StressRegion.TARGET, target);
            region.setField(line, StressRegion.RETRIES, retries);
            region.setField(line, StressRegion.LAST_NANOS, System.nanoTime());
        } catch (RuntimeException | Error e) {
            region.setField(line, StressRegion.FAILED, 1);
            throw e;
        } finally {
            region.done(line);
            region.producerFinished(id);
        }
    }

    /** Pushes until its share is sent, the deadline (0 = none) passes, or the run is aborted; returns the count pushed. */
    private long produce(long start, long deadline) {
        int rb = config.recordBytes();
        long n = config.recordsFor(id);
        Pacer pacer = config.openLoop()
                ? Pacer.of(config.arrival(), config.ratePerProducer(), config.seed() * 31 + id, start) : null;
        long seq = 0;
        int batch = config.batch();
        boolean slot = config.push() == StressConfig.Push.SLOT;
        while (seq < n) {
            if (slot) {
                long sent = pacer != null ? pacer.awaitNext() : System.nanoTime();
                if (past(deadline, sent)) {
                    target = seq;
                    break;
                }
                region.setProgress(line, StressRegion.STARTED, seq + 1);
                SlotHandle h;
                int spins = 0;
                while ((h = producer.pushSlotBack()) == null) {
                    retries++;
                    if (idle(++spins)) {
                        return seq;
                    }
                }
                // In place, word by word, checksum last: get_sqe / fill / submit.
                StressRecords.write(h.segment(), h.offset(), rb, StressRecords.key(id, seq), sent);
                h.close();
                seq++;
                region.setProgress(line, StressRegion.PUBLISHED, seq);
            } else if (batch == 1) {
                long sent = pacer != null ? pacer.awaitNext() : System.nanoTime();
                if (past(deadline, sent)) {
                    target = seq;
                    break;
                }
                StressRecords.write(scratch, 0, rb, StressRecords.key(id, seq), sent);
                region.setProgress(line, StressRegion.STARTED, seq + 1);
                int spins = 0;
                while (!producer.pushBack(scratch, 0)) {
                    retries++;
                    if (idle(++spins)) {
                        return seq;
                    }
                }
                seq++;
                region.setProgress(line, StressRegion.PUBLISHED, seq);
            } else {
                int k = (int) Math.min(batch, n - seq);
                long sent = System.nanoTime();
                if (past(deadline, sent)) { // checked per batch: a batch begun is sent whole
                    target = seq;
                    break;
                }
                for (int i = 0; i < k; i++) {
                    if (pacer != null) {
                        sent = pacer.awaitNext();
                    }
                    StressRecords.write(scratch, (long) i * rb, rb, StressRecords.key(id, seq + i), sent);
                }
                region.setProgress(line, StressRegion.STARTED, seq + k);
                int done = 0;
                int spins = 0;
                while (done < k) {
                    int m = producer.pushMultiple(scratch, (long) done * rb, k - done, BatchMode.AS_MANY_AS_FIT);
                    if (m == 0) {
                        retries++;
                        if (idle(++spins)) {
                            return seq + done;
                        }
                    } else {
                        done += m;
                        spins = 0;
                        region.setProgress(line, StressRegion.PUBLISHED, seq + done);
                    }
                }
                seq += k;
            }
            if ((seq & 1023) == 0 && region.aborted()) {
                break;
            }
        }
        return seq;
    }

    /** Whether {@code now} is after the deadline (0 = none); nanoTime values compare by difference. */
    private static boolean past(long deadline, long now) {
        return deadline != 0 && now - deadline > 0;
    }

    /** Backs off while the queue is full; true if the run was aborted meanwhile. */
    private boolean idle(int spins) {
        if (spins < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
            return false;
        }
        Thread.yield();
        return (spins & 255) == 0 && region.aborted();
    }
}
