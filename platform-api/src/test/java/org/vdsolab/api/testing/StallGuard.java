package org.vdsolab.api.testing;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.concurrent.locks.LockSupport;

/**
 * The hang guard of a test that waits for work to finish: it fails only when the work has stopped
 * moving, never because it is slow. The caller names a progress measure (records moved, completions
 * reaped, tasks finished, anything that grows while the work goes on); {@link #check} fails once
 * that measure has not changed for the stall bound ({@link #DEFAULT_STALL}, generous on a loaded
 * 2-core machine: a live party is descheduled for milliseconds, not a minute). So a run that takes
 * three minutes under load passes, and a real hang fails with the last progress value in the
 * message.
 *
 * <p>For a wait on one event (a latch, a child's READY line, a process exit) a fixed bound is the
 * right shape; use {@link #EVENT_BOUND} or longer, so that load never decides the outcome.
 *
 * <p>Not thread-safe: one instance per waiting thread (it keeps the last value seen and when it
 * changed). The static helpers make their own.
 */
public final class StallGuard {

    /** How long progress may stand still before a wait counts as hung. */
    public static final Duration DEFAULT_STALL = Duration.ofSeconds(60);

    /** The bound for a wait on a single event that another party will cause. */
    public static final Duration EVENT_BOUND = Duration.ofSeconds(120);

    private final Supplier<String> what;
    private final LongSupplier progress;
    private final long stallNanos;
    private long last;
    private long lastChange;

    /** A guard with the {@link #DEFAULT_STALL} bound. */
    public StallGuard(String what, LongSupplier progress) {
        this(() -> what, progress, DEFAULT_STALL);
    }

    /**
     * @param what     what is being waited for, computed only when the guard fires (so it may
     *                 describe the state at that moment)
     * @param progress grows (or changes) while the awaited work goes on
     * @param stall    how long it may stand still
     */
    public StallGuard(Supplier<String> what, LongSupplier progress, Duration stall) {
        if (stall.isNegative() || stall.isZero()) {
            throw new IllegalArgumentException("stall bound must be positive, got " + stall);
        }
        this.what = what;
        this.progress = progress;
        this.stallNanos = stall.toNanos();
        this.last = progress.getAsLong();
        this.lastChange = System.nanoTime();
    }

    /** True when progress has not changed for the stall bound (and notes any change it sees). */
    public boolean stalled() {
        long now = progress.getAsLong();
        long t = System.nanoTime();
        if (now != last) {
            last = now;
            lastChange = t;
            return false;
        }
        return t - lastChange > stallNanos;
    }

    /** Throws an {@link AssertionError} naming the wait and the progress value if {@link #stalled}. */
    public void check() {
        if (stalled()) {
            throw new AssertionError("hang guard: no progress for " + stallNanos / 1_000_000_000 + " s (progress stuck at "
                    + last + ") while waiting for " + what.get());
        }
    }

    /** Polls until {@code done} holds; fails if {@code progress} stands still for the default bound first. */
    public static void until(String what, BooleanSupplier done, LongSupplier progress) {
        StallGuard guard = new StallGuard(what, progress);
        while (!done.getAsBoolean()) {
            guard.check();
            pause();
        }
    }

    /** Waits for a single event: fails if {@code done} does not hold within {@link #EVENT_BOUND}. */
    public static void awaitEvent(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + EVENT_BOUND.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("hang guard: waited " + EVENT_BOUND.toSeconds() + " s for " + what);
            }
            pause();
        }
    }

    /** Joins a thread that is about to finish on its own (an event): fails if it runs past {@link #EVENT_BOUND}. */
    public static void join(Thread thread) throws InterruptedException {
        thread.join(EVENT_BOUND.toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("hang guard: thread " + thread.getName() + " still " + thread.getState()
                    + " after " + EVENT_BOUND.toSeconds() + " s");
        }
    }

    // A short park, not a spin: on a loaded 2-core machine a spinning waiter takes the core the awaited
    // party needs. Wake-up latency of a poll does not matter to a test.
    private static void pause() {
        LockSupport.parkNanos(200_000);
    }

    /** Joins {@code thread}; fails if {@code progress} stands still for the default bound first. */
    public static void join(Thread thread, LongSupplier progress) throws InterruptedException {
        joinAll(List.of(thread), progress);
    }

    /** Joins every thread; fails, naming the first still running, if {@code progress} stands still first. */
    public static void joinAll(Collection<Thread> threads, LongSupplier progress) throws InterruptedException {
        Thread[] waitingFor = new Thread[1];
        StallGuard guard = new StallGuard(() -> "thread " + waitingFor[0].getName() + " to finish (state "
                + waitingFor[0].getState() + ")", progress, DEFAULT_STALL);
        for (Thread t : threads) {
            waitingFor[0] = t;
            while (true) {
                t.join(100);
                if (!t.isAlive()) {
                    break;
                }
                guard.check();
            }
        }
    }
}
