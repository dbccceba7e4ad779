package org.vdsolab.experiments.workloads;

import org.vdsolab.api.idle.BackoffIdleStrategy;
import org.vdsolab.api.idle.IdleStrategy;
import org.vdsolab.api.layout.Area;
import org.vdsolab.api.layout.AreaSpec;
import org.vdsolab.api.layout.Scope;
import org.vdsolab.api.layout.VvarLayout;
import org.vdsolab.api.liveness.LivenessTable;
import org.vdsolab.api.memory.SharedRegion;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.SharedQueue;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * The vvar region of one queue-stress repetition: the queue under test, a control area through
 * which the parent starts, stops and collects the parties, and the consumers' sequence bitmaps.
 * The parent creates it; every party (thread or child JVM) attaches it by path and builds the same
 * {@link VvarLayout} from the same {@link StressConfig}, so the fingerprints match.
 *
 * <pre>
 * area "control" (128-byte lines; each written by one party, or only by the parent)
 *   line 0        start  long  0 = wait; else the start time (System.nanoTime), stored with release
 *                 abort  long  non-zero: stop now (parent, volatile)
 *                 deadline long 0 = none; else the time (System.nanoTime) after which producers send
 *                               nothing more (run.duration_s); written before start, read after it
 *   line 1        producersDone long  bit i set: producer i finished, by itself or (a dead
 *                                     child) declared so by the parent; an idempotent CAS-OR
 *   line 2+i      producer i:  ready, done, count (pushed), retries (full), -, -, -, last, failed,
 *                              started (records begun), published (records certainly pushed),
 *                              token (its liveness registration, child JVMs only),
 *                              target (the records it set out to send: its share, or what it had
 *                              begun when the deadline stopped it)
 *   line 2+P+j    consumer j:  ready, done, count (received), retries (empty polls), torn,
 *                              duplicates (within this consumer), out of order, last (time of the
 *                              last pop), failed, taken (records popped so far), -, token
 * area "queue"    the queue, QueueProvider.footprint(spec) bytes, page aligned: global (one queue for
 *                 every party) or per-CPU (one copy per CPU, each on its own 4 KiB-aligned pages as
 *                 vsched lays out its per-CPU records, so no two CPUs' queues share a page or a line)
 * area "seen"     consumer j's bitmap of producer i's sequence numbers at ((j*P + i) * words) * 8
 * area "liveness" a LivenessTable with a record per party: child JVMs register in it and hand
 *                 their token to the queue, so that a recovery sweep can free what a dead one held
 * </pre>
 * Started, published and taken are progress words, stored with release after every record:
 * what the parent reads of a party that died without reporting.
 * Party lines are 128 bytes apart: each is written by its own party while the others spin on
 * theirs, and 128 keeps the adjacent-line prefetcher from pairing two parties' lines. Fields are
 * written plain and published by the party's {@code done} (or {@code ready}) release store; the
 * parent reads them after an acquire load of that flag.
 */
final class StressRegion implements AutoCloseable {

    static final long LINE = 128;

    static final long START = 0;
    static final long ABORT = 8;
    static final long DEADLINE = 16;
    static final long PRODUCERS_DONE = LINE;

    static final long READY = 0;
    static final long DONE = 8;
    static final long COUNT = 16;
    static final long RETRIES = 24;
    static final long TORN = 32;
    static final long DUPLICATES = 40;
    static final long OUT_OF_ORDER = 48;
    static final long LAST_NANOS = 56;
    static final long FAILED = 64;
    /** Producer: records begun (counting the one being pushed). */
    static final long STARTED = 72;
    /** Producer: records certainly in the queue. */
    static final long PUBLISHED = 80;
    /** Consumer: records popped so far. */
    static final long TAKEN = 72;
    /** The party's {@link org.vdsolab.api.liveness.OwnerToken}, 0 when it has none (threads). */
    static final long TOKEN = 88;
    /** Producer: the records it set out to send (its share, or fewer when the deadline stopped it). */
    static final long TARGET = 96;

    private final SharedRegion region;
    private final StressConfig config;
    private final WordMemory memory;
    private final long control;
    private final Area queueArea;
    private final long seen;
    private final long bitmapWords;
    private final long liveness;

    private StressRegion(SharedRegion region, StressConfig config) {
        this.region = region;
        this.config = config;
        this.memory = region.memory();
        this.control = region.offset("control");
        this.queueArea = region.layout().area("queue");
        this.seen = region.offset("seen");
        this.bitmapWords = bitmapWords(config);
        this.liveness = region.offset("liveness");
    }

    static long bitmapWords(StressConfig c) {
        return (c.maxRecordsPerProducer() + 63) / 64;
    }

    static VvarLayout layout(StressConfig c, QueueProvider provider) {
        long controlBytes = LINE * (2L + c.producers() + c.consumers());
        long seenBytes = Math.max(8, 8L * bitmapWords(c) * c.producers() * c.consumers());
        Scope queueScope = c.placement() == StressConfig.Placement.PER_CPU ? Scope.PER_CPU : Scope.GLOBAL;
        return VvarLayout.builder("queue-stress")
                .global("control", controlBytes, LINE)
                .area("queue", queueScope, provider.footprint(c.spec()), AreaSpec.PAGE)
                .global("seen", seenBytes, AreaSpec.PAGE)
                .global("liveness", LivenessTable.footprint(parties(c)), AreaSpec.CACHE_LINE)
                .build(c.cpus());
    }

    private static int parties(StressConfig c) {
        return c.producers() + c.consumers();
    }

    /** Creates the region file, zero-filled, and the queue in it (the parent's job). */
    static StressRegion create(Path file, StressConfig c) {
        QueueProvider provider = c.provider();
        SharedRegion region = SharedRegion.create(file, layout(c, provider), true);
        try {
            StressRegion r = new StressRegion(region, c);
            LivenessTable.create(r.memory, r.liveness, parties(c));
            for (int cpu = 0; cpu < c.cpus(); cpu++) {
                provider.create(r.memory, r.queueOffset(cpu), c.spec());
            }
            return r;
        } catch (RuntimeException e) {
            region.close();
            region.delete();
            throw e;
        }
    }

    /** Attaches an existing region (a child's, or a thread's as its own domain would). */
    static StressRegion attach(Path file, StressConfig c) {
        return new StressRegion(SharedRegion.attach(file, layout(c, c.provider())), c);
    }

    /** Offset of the queue CPU {@code cpu} uses: the global queue, or that CPU's copy. */
    long queueOffset(int cpu) {
        return queueArea.scope() == Scope.PER_CPU ? queueArea.offset(cpu) : queueArea.offset();
    }

    /** A handle on CPU {@code cpu}'s queue in this region (the only one in global placement), through {@link QueueProvider#attach}. */
    SharedQueue attachQueue(int cpu) {
        return config.provider().attach(memory, queueOffset(cpu), config.spec());
    }

    /** The region's liveness table, in which child JVM parties register. */
    LivenessTable attachLiveness() { return LivenessTable.attach(memory, liveness, parties(config)); }

    Path file() { return region.file(); }

    WordMemory memory() { return memory; }

    // ---------------------------------------------------------------- control words

    long producerLine(int id) { return control + LINE * (2 + id); }

    long consumerLine(int id) { return control + LINE * (2L + config.producers() + id); }

    /** Release: the parties that see the start time see everything the parent wrote before. */
    void start(long startNanos) { memory.setLongRelease(control + START, startNanos); }

    /** Acquire: pairs with {@link #start}. */
    long startNanos() { return memory.getLongAcquire(control + START); }

    /** Plain: written before {@link #start}, whose release store publishes it. 0 = no deadline. */
    void deadline(long deadlineNanos) { memory.setLong(control + DEADLINE, deadlineNanos); }

    /** Read after {@link #awaitStart} (its acquire load makes the parent's write visible). */
    long deadlineNanos() { return memory.getLong(control + DEADLINE); }

    /** Volatile: rare, and must be seen promptly by every polling party. */
    void abort() { memory.setLongVolatile(control + ABORT, 1); }

    boolean aborted() { return memory.getLongVolatile(control + ABORT) != 0; }

    /** Release: publishes the party's set-up. */
    void ready(long line) { memory.setLongRelease(line + READY, 1); }

    boolean isReady(long line) { return memory.getLongAcquire(line + READY) != 0; }

    /** Release: publishes every plain field of the party's line (and its bitmaps). */
    void done(long line) { memory.setLongRelease(line + DONE, 1); }

    boolean isDone(long line) { return memory.getLongAcquire(line + DONE) != 0; }

    /**
     * Sets producer {@code id}'s bit in producersDone (a CAS loop, so idempotent: a producer and
     * the parent acting for its dead child may both do it).
     */
    void producerFinished(int id) {
        long bit = 1L << id;
        long word = memory.getLongVolatile(control + PRODUCERS_DONE);
        while ((word & bit) == 0) {
            long seen = memory.compareAndExchangeLong(control + PRODUCERS_DONE, word, word | bit);
            if (seen == word) {
                return;
            }
            word = seen;
        }
    }

    /** Acquire: a consumer that sees every producer finished sees their last pushes' effects. */
    boolean allProducersFinished() {
        long all = config.producers() == 64 ? -1L : (1L << config.producers()) - 1;
        return memory.getLongAcquire(control + PRODUCERS_DONE) == all;
    }

    /** Release: a progress word ({@link #STARTED}, {@link #PUBLISHED}, {@link #TAKEN}) the parent may read at any time. */
    void setProgress(long line, long field, long value) { memory.setLongRelease(line + field, value); }

    /** Acquire: pairs with {@link #setProgress}. */
    long progress(long line, long field) { return memory.getLongAcquire(line + field); }

    /** Plain: only read after {@link #isDone} of the same line. */
    long field(long line, long field) { return memory.getLong(line + field); }

    /** Plain: published by the owner's later {@link #done}. */
    void setField(long line, long field, long value) { memory.setLong(line + field, value); }

    /**
     * Waits until the parent starts the run (returns the start time) or aborts it (returns 0).
     * Spins briefly, then yields, then parks: parties wait here for up to the slowest child's start-up.
     */
    long awaitStart() {
        // The platform's back-off, tuned for a start-up wait: 1000 spins, 1000 yields, then 50 us parks.
        IdleStrategy idle = new BackoffIdleStrategy(1000, 1000, 50_000, 50_000);
        while (true) {
            long s = startNanos();
            if (s != 0) {
                return s;
            }
            if (aborted()) {
                return 0;
            }
            idle.idle();
        }
    }

    // ---------------------------------------------------------------- bitmaps

    private long bitmapOffset(int consumer, int producer) {
        return seen + 8L * bitmapWords * ((long) consumer * config.producers() + producer);
    }

    /** Copies consumer {@code consumer}'s private bitmap of {@code producer} into the region. */
    void storeBitmap(int consumer, int producer, long[] bits) {
        memory.copyIn(bitmapOffset(consumer, producer), MemorySegment.ofArray(bits), 0, 8L * bitmapWords);
    }

    /** Reads a consumer's bitmap back (after its done flag). */
    long[] loadBitmap(int consumer, int producer) {
        long[] bits = new long[(int) bitmapWords];
        memory.copyOut(bitmapOffset(consumer, producer), MemorySegment.ofArray(bits), 0, 8L * bitmapWords);
        return bits;
    }

    int bitmapWordCount() { return (int) bitmapWords; }

    @Override
    public void close() {
        region.close();
    }

    /** Unmaps and deletes the region file. */
    void closeAndDelete() {
        try {
            region.close();
        } finally {
            region.delete();
        }
    }
}
