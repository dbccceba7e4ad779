package org.vdsolab.experiments.uring;

import org.vdsolab.api.idle.BackoffIdleStrategy;
import org.vdsolab.api.idle.IdleStrategy;
import org.vdsolab.api.layout.VvarLayout;
import org.vdsolab.api.memory.SharedRegion;
import org.vdsolab.api.memory.WordMemory;

import java.nio.file.Path;

/**
 * The small control region of one uring-routing repetition, beside the ring's own: the parent
 * starts the domains through it, each domain reports ready, done and its counters in a line of its
 * own, and counts itself into {@code domainsDone} so that finished domains know when nobody needs
 * their hand-offs any more.
 *
 * <pre>
 *   line 0      start (0 = wait, else System.nanoTime of the start; release), abort (volatile),
 *               deadline (0 = none, else the time after which domains send nothing more: run.duration_s;
 *               written before start, read after it)
 *   line 1      domainsDone (getAndAdd)
 *   line 2+d    domain d: ready, done, finished (time its last own completion arrived), received,
 *               duplicated, misrouted, errors, handed_off, distinct, failed, target (the requests it
 *               set out to send: its share, or what it had sent when the deadline stopped it)
 * </pre>
 * Lines are 128 bytes apart: each is written by its own domain while the others spin on theirs,
 * and 128 keeps the adjacent-line prefetcher from pairing two domains' lines. A domain writes its
 * fields plain and publishes them with its {@code done} release store; the parent reads them after
 * an acquire load of it. Thread-safe as described; one instance per attaching party.
 */
final class RoutingControl implements AutoCloseable {

    static final long LINE = 128;
    static final long READY = 0;
    static final long DONE = 8;
    static final long FINISHED = 16;
    static final long RECEIVED = 24;
    static final long DUPLICATED = 32;
    static final long MISROUTED = 40;
    static final long ERRORS = 48;
    static final long HANDED_OFF = 56;
    static final long DISTINCT = 64;
    static final long FAILED = 72;
    static final long TARGET = 80;

    private final SharedRegion region;
    private final WordMemory memory;
    private final long base;

    private RoutingControl(SharedRegion region) {
        this.region = region;
        this.memory = region.memory();
        this.base = region.offset("control");
    }

    private static VvarLayout layout(int domains) {
        return VvarLayout.builder("uring-routing-control").global("control", LINE * (2L + domains), LINE).build(1);
    }

    static RoutingControl create(Path file, int domains) {
        return new RoutingControl(SharedRegion.create(file, layout(domains), true));
    }

    static RoutingControl attach(Path file, int domains) {
        return new RoutingControl(SharedRegion.attach(file, layout(domains)));
    }

    Path file() { return region.file(); }

    long line(int domain) { return base + LINE * (2L + domain); }

    /** Release: a domain that sees the start time sees everything the parent wrote before. */
    void start(long nanos) { memory.setLongRelease(base, nanos); }

    /** Acquire: pairs with {@link #start}. */
    long startNanos() { return memory.getLongAcquire(base); }

    /** Plain: written before {@link #start}, whose release store publishes it. 0 = no deadline. */
    void deadline(long nanos) { memory.setLong(base + 16, nanos); }

    /** Read after {@link #awaitStart} (its acquire load makes the parent's write visible). */
    long deadlineNanos() { return memory.getLong(base + 16); }

    /** Volatile: rare, and must be seen promptly by every polling domain. */
    void abort() { memory.setLongVolatile(base + 8, 1); }

    boolean aborted() { return memory.getLongVolatile(base + 8) != 0; }

    /** Release: publishes the domain's set-up. */
    void ready(int d) { memory.setLongRelease(line(d) + READY, 1); }

    boolean isReady(int d) { return memory.getLongAcquire(line(d) + READY) != 0; }

    /** Release: publishes every plain field of the domain's line. */
    void done(int d) { memory.setLongRelease(line(d) + DONE, 1); }

    boolean isDone(int d) { return memory.getLongAcquire(line(d) + DONE) != 0; }

    /** Get-and-add: several domains count themselves in once they have all their own completions. */
    void domainFinished() { memory.getAndAddLong(base + LINE, 1); }

    /** Acquire: pairs with {@link #domainFinished}. */
    long domainsFinished() { return memory.getLongAcquire(base + LINE); }

    /** Plain: published by the owner's later {@link #done}. */
    void set(int d, long field, long value) { memory.setLong(line(d) + field, value); }

    /** Plain: only read after {@link #isDone} of the same domain. */
    long get(int d, long field) { return memory.getLong(line(d) + field); }

    /** Waits for the start (returns its time) or an abort (returns 0): spins, then yields, then parks. */
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
