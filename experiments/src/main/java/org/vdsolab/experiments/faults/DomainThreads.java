package org.vdsolab.experiments.faults;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The domain threads of one in-JVM uring fault repetition and their watchdog. Queue designs that
 * spin inside an operation (vsched's push and pop wait on a slot's state) can be wedged for good by
 * a scribbled slot or cursor; the only way out is {@link Thread#interrupt()}, after which they
 * report full or empty. {@link #await} therefore interrupts every domain thread, and the kernel's
 * poller threads, once an unfinished domain ({@link DomainProgress}) has seen no completion for the idle
 * timeout, and reports that the ring was wedged. Used by the thread that runs the repetition only.
 */
final class DomainThreads {

    private static final String POLLER_PREFIX = "uring-poller-";
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Set<Thread> pollersBefore = pollerThreads();
    private static final long GRACE_NANOS = 2_000_000_000L;
    private boolean wedged;
    private int stuckThreads;

    /** Adds a daemon thread (not started) whose uncaught exception fails the repetition. */
    void add(String name, Runnable body) {
        Thread t = Thread.ofPlatform().daemon().name(name).unstarted(body);
        t.setUncaughtExceptionHandler((th, e) -> failure.compareAndSet(null, e));
        threads.add(t);
    }

    void startAll() {
        threads.forEach(Thread::start);
    }

    Throwable failure() { return failure.get(); }

    boolean failed() { return failure.get() != null; }

    /** True if the watchdog had to interrupt the threads. */
    boolean wedged() { return wedged; }

    /**
     * Waits until every driver has finished; if one has seen no completion for
     * {@code idleTimeoutNanos}, interrupts the domain threads and the poller threads started since
     * this object was made, then waits for the drivers to give up. Finally joins every thread
     * (the others are told to stop by their own stop conditions).
     */
    void await(List<? extends DomainProgress> drivers, long idleTimeoutNanos) throws InterruptedException {
        long giveUpAt = 0;
        while (!allFinished(drivers) && !failed()) {
            long now = System.nanoTime();
            if (!wedged) {
                for (DomainProgress d : drivers) {
                    if (!d.finished() && now - d.progressNanos() > idleTimeoutNanos) {
                        wedged = true;
                    }
                }
                if (wedged) {
                    interruptAll();
                    giveUpAt = now + idleTimeoutNanos + GRACE_NANOS;
                }
            } else if (now - giveUpAt > 0) {
                break; // a thread spinning in an operation that ignores interrupts: counted in stuckThreads()
            }
            LockSupport.parkNanos(5_000_000L);
        }
        for (Thread t : threads) {
            t.join(wedged ? 100 : 10_000);
            if (t.isAlive()) {
                stuckThreads++;
            }
        }
    }

    /**
     * Domain threads still running after {@link #await}: stuck in a queue operation that spins
     * without looking at interrupts (disruptor's). They end when the region is unmapped under
     * them (their failure then is ignored: the repetition's result was taken).
     */
    int stuckThreads() { return stuckThreads; }

    /** Interrupts the domain threads and this kernel's pollers (a spin inside a queue operation ends). */
    void interruptAll() {
        threads.forEach(Thread::interrupt);
        for (Thread p : pollerThreads()) {
            if (!pollersBefore.contains(p)) {
                p.interrupt();
            }
        }
    }

    private static boolean allFinished(List<? extends DomainProgress> drivers) {
        for (DomainProgress d : drivers) {
            if (!d.finished()) {
                return false;
            }
        }
        return true;
    }

    private static Set<Thread> pollerThreads() {
        Set<Thread> out = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(POLLER_PREFIX)) {
                out.add(t);
            }
        }
        return out;
    }

    /** Waits (Pacer) until {@code start}, the moment every domain thread begins, and returns it. */
    static long awaitStart(long start) {
        org.vdsolab.api.workload.Pacer.awaitUntil(start);
        return start;
    }
}
