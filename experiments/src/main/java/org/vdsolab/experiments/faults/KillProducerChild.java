package org.vdsolab.experiments.faults;

import org.vdsolab.api.process.ParentWatch;
import org.vdsolab.api.idle.BackoffIdleStrategy;
import org.vdsolab.api.idle.IdleStrategy;
import org.vdsolab.api.liveness.LivenessTable;
import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.SlotHandle;
import org.vdsolab.experiments.workloads.StressRecords;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The main class of a fault-kill-producer child JVM: one incarnation ("stream") of a producer id.
 * It attaches the region, registers in the liveness table, takes {@code producer(id, token)}, says
 * ready, waits for the start and publishes records {@code 0..count-1} of its stream (key = stream,
 * seq: {@link StressRecords}), storing before each push how many it has begun and, with release,
 * after each push how many are certainly published. With a halt record number it halts the JVM
 * (no shutdown hooks, no cleanup, as a SIGKILL would) right after claiming that record's slot.
 * On a clean finish it exits its liveness registration and exits 0; a failure prints to stderr,
 * flags its line and exits 1.
 *
 * <p>Arguments: {@code STREAM PRODUCER_ID COUNT HALT_AT REGION_FILE key=value...}.
 */
public final class KillProducerChild {

    /**
     * The exit code of a deliberate halt: one no signal death gives (those are 128 + N), so the
     * parent tells the planned halt from a kill from outside.
     */
    static final int HALT_CODE = 99;
    private static final int SPINS_BEFORE_YIELD = 64;
    private static final int SLOT = 0;
    private static final int COPY = 1;
    private static final int BATCH = 2;

    private KillProducerChild() { }

    public static void main(String[] args) {
        ParentWatch.start(); // ends this JVM when the one that started it is gone
        try {
            run(args);
            System.exit(0);
        } catch (Throwable t) {
            System.err.println("fault-kill-producer child " + String.join(" ", Arrays.asList(args).subList(0, Math.min(2, args.length)))
                    + " failed: " + t);
            t.printStackTrace();
            System.exit(1);
        }
    }

    static void run(String[] args) {
        if (args.length < 5) {
            throw new IllegalArgumentException("usage: KillProducerChild STREAM PRODUCER_ID COUNT HALT_AT REGION_FILE key=value...");
        }
        int stream = Integer.parseInt(args[0]);
        int id = Integer.parseInt(args[1]);
        long count = Long.parseLong(args[2]);
        long haltAt = Long.parseLong(args[3]);
        KillProducerParams p = KillProducerParams.fromArgs(List.of(args).subList(5, args.length));
        try (KillProducerRegion region = KillProducerRegion.attach(Path.of(args[4]), p)) {
            LivenessTable table = region.attachLiveness();
            int token = table.register();
            region.setToken(stream, token);
            try {
                QueueProducer producer = region.attachQueue().producer(id, token);
                region.setFlag(stream, KillProducerRegion.READY);
                if (awaitStart(region)) {
                    produce(p, region, producer, stream, count, haltAt);
                }
                region.setFlag(stream, KillProducerRegion.DONE);
            } catch (RuntimeException | Error e) {
                region.setFlag(stream, KillProducerRegion.FAILED);
                throw e;
            } finally {
                table.exit(token);
            }
        }
    }

    private static boolean awaitStart(KillProducerRegion region) {
        IdleStrategy idle = new BackoffIdleStrategy(1000, 1000, 50_000, 50_000);
        while (region.startNanos() == 0) {
            if (region.aborted()) {
                return false;
            }
            idle.idle();
        }
        return true;
    }

    private static void produce(KillProducerParams p, KillProducerRegion region, QueueProducer producer, int stream,
                                long count, long haltAt) {
        int rb = p.recordBytes();
        int batch = p.push().equals("batch") ? p.batch() : 1;
        int mode = switch (p.push()) { // decided once: the loop below allocates and hashes nothing per record
            case "slot" -> SLOT;
            case "copy" -> COPY;
            default -> BATCH;
        };
        MemorySegment scratch = MemorySegment.ofArray(new long[batch * rb / 8]);
        long seq = 0;
        while (seq < count) {
            int spins = 0;
            switch (mode) {
                case SLOT -> {
                    region.setStarted(stream, seq + 1);
                    SlotHandle h;
                    while ((h = producer.pushSlotBack()) == null) {
                        if (idle(++spins, region)) {
                            return;
                        }
                    }
                    if (seq == haltAt) {
                        Runtime.getRuntime().halt(HALT_CODE); // dies holding the claimed slot, as a SIGKILL here would
                    }
                    StressRecords.write(h.segment(), h.offset(), rb, StressRecords.key(stream, seq), System.nanoTime());
                    h.close();
                    seq++;
                }
                case COPY -> {
                    StressRecords.write(scratch, 0, rb, StressRecords.key(stream, seq), System.nanoTime());
                    region.setStarted(stream, seq + 1);
                    while (!producer.pushBack(scratch, 0)) {
                        if (idle(++spins, region)) {
                            return;
                        }
                    }
                    seq++;
                }
                default -> { // batch
                    int k = (int) Math.min(batch, count - seq);
                    long now = System.nanoTime();
                    for (int i = 0; i < k; i++) {
                        StressRecords.write(scratch, (long) i * rb, rb, StressRecords.key(stream, seq + i), now);
                    }
                    region.setStarted(stream, seq + k);
                    int done = 0;
                    while (done < k) {
                        int m = producer.pushMultiple(scratch, (long) done * rb, k - done, BatchMode.AS_MANY_AS_FIT);
                        if (m == 0) {
                            if (idle(++spins, region)) {
                                return;
                            }
                        } else {
                            done += m;
                            region.setPublished(stream, seq + done);
                            spins = 0;
                        }
                    }
                    seq += k;
                }
            }
            region.setPublished(stream, seq);
        }
    }

    /** Backs off while the queue is full; true if the run was aborted meanwhile. */
    private static boolean idle(int spins, KillProducerRegion region) {
        if (spins < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
            return false;
        }
        Thread.yield();
        return (spins & 255) == 0 && region.aborted();
    }
}
