package org.vdsolab.experiments.faults;

import org.vdsolab.api.layout.AreaSpec;
import org.vdsolab.api.layout.VvarLayout;
import org.vdsolab.api.liveness.LivenessTable;
import org.vdsolab.api.memory.SharedRegion;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.SharedQueue;

import java.nio.file.Path;

/**
 * The vvar region of one fault-kill-producer repetition: a control area, the domain
 * {@link LivenessTable} and the queue under test. The parent creates it; each producer child
 * attaches it by path with the same {@link KillProducerParams}, so the layouts' fingerprints match.
 *
 * <pre>
 * area "control" (128-byte lines)
 *   line 0      start long (System.nanoTime of the start, release; 0 = wait), abort long (volatile)
 *   line 1+s    stream s (one producer child JVM, the only writer of its line):
 *                 ready, done, failed  long  flags (release)
 *                 started    long  records of this stream whose push had begun (written before each push)
 *                 published  long  records of this stream certainly published (written with release
 *                                  AFTER each push returned): what the parent may call lost
 *                 token      long  the child's OwnerToken in the liveness table
 * area "liveness" LivenessTable of maxStreams records
 * area "queue"    the queue, page aligned
 * </pre>
 * Stream lines are 128 bytes apart: each is written by its own child on every record while the
 * parent polls all of them, and 128 keeps the adjacent-line prefetcher from pairing two children's
 * lines. Not thread-safe in itself: each field has one writer, as described.
 */
final class KillProducerRegion implements AutoCloseable {

    static final long LINE = 128;
    static final long START = 0;
    static final long ABORT = 8;

    static final long READY = 0;
    static final long DONE = 8;
    static final long FAILED = 16;
    static final long STARTED = 24;
    static final long PUBLISHED = 32;
    static final long TOKEN = 40;

    private final SharedRegion region;
    private final KillProducerParams params;
    private final WordMemory memory;
    private final long control;
    private final long liveness;
    private final long queue;

    private KillProducerRegion(SharedRegion region, KillProducerParams params) {
        this.region = region;
        this.params = params;
        this.memory = region.memory();
        this.control = region.offset("control");
        this.liveness = region.offset("liveness");
        this.queue = region.offset("queue");
    }

    static VvarLayout layout(KillProducerParams p) {
        return VvarLayout.builder(KillProducerParams.WORKLOAD)
                .global("control", LINE * (1L + p.maxStreams()), LINE)
                .global("liveness", LivenessTable.footprint(p.maxStreams()), AreaSpec.CACHE_LINE)
                .global("queue", p.provider().footprint(p.spec()), AreaSpec.PAGE)
                .build(1);
    }

    /** Creates the region file, the liveness table and the queue (the parent's job). */
    static KillProducerRegion create(Path file, KillProducerParams p) {
        SharedRegion region = SharedRegion.create(file, layout(p), true);
        try {
            KillProducerRegion r = new KillProducerRegion(region, p);
            LivenessTable.create(r.memory, r.liveness, p.maxStreams());
            p.provider().create(r.memory, r.queue, p.spec());
            return r;
        } catch (RuntimeException e) {
            region.close();
            region.delete();
            throw e;
        }
    }

    static KillProducerRegion attach(Path file, KillProducerParams p) {
        return new KillProducerRegion(SharedRegion.attach(file, layout(p)), p);
    }

    Path file() { return region.file(); }

    SharedQueue attachQueue() { return params.provider().attach(memory, queue, params.spec()); }

    LivenessTable attachLiveness() { return LivenessTable.attach(memory, liveness, params.maxStreams()); }

    long line(int stream) { return control + LINE * (1L + stream); }

    /** Release: a child that sees the start sees everything the parent wrote before. */
    void start(long nanos) { memory.setLongRelease(control + START, nanos); }

    /** Acquire: pairs with {@link #start}. */
    long startNanos() { return memory.getLongAcquire(control + START); }

    /** Volatile: rare, and must reach every spinning child promptly. */
    void abort() { memory.setLongVolatile(control + ABORT, 1); }

    boolean aborted() { return memory.getLongVolatile(control + ABORT) != 0; }

    /** Release: the flag publishes the child's earlier plain stores of its line. */
    void setFlag(int stream, long field) { memory.setLongRelease(line(stream) + field, 1); }

    boolean flag(int stream, long field) { return memory.getLongAcquire(line(stream) + field) != 0; }

    /** Plain: the parent reads it only after the child is dead or done (process exit orders it), never to decide a race. */
    void setStarted(int stream, long n) { memory.setLong(line(stream) + STARTED, n); }

    /** Release: written after the push returned, so "published" never runs ahead of the queue. */
    void setPublished(int stream, long n) { memory.setLongRelease(line(stream) + PUBLISHED, n); }

    void setToken(int stream, int token) { memory.setLong(line(stream) + TOKEN, token); }

    /** Acquire: pairs with the release stores of the stream's child. */
    long get(int stream, long field) { return memory.getLongAcquire(line(stream) + field); }

    @Override
    public void close() { region.close(); }

    void closeAndDelete() {
        try {
            region.close();
        } finally {
            region.delete();
        }
    }
}
