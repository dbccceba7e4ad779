package org.vdsolab.api.liveness;

import org.vdsolab.api.queue.SharedQueue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The supervisor that keeps queues moving when their producers die: every period it runs
 * {@link SharedQueue#recover} on each queue with a {@link OwnerLiveness}, and counts what it
 * recovered. The kernel domain runs one; any domain may (sweeps are safe to run concurrently).
 *
 * <p>Thread-safe: {@link #sweepOnce} may be called from any thread, also while the background
 * thread of {@link #start} runs. The sweeps of one sweeper run one at a time, so once
 * {@code sweepOnce} returns, {@link #recovered} includes every slot recovered by this sweeper's
 * earlier sweeps, the background thread's included (sweeps by other sweepers and domains still
 * run concurrently with them and coordinate through the queue's own CASes).
 */
public final class QueueRecoverySweeper implements AutoCloseable {

    private final List<SharedQueue> queues;
    private final OwnerLiveness liveness;
    private final AtomicLong recovered = new AtomicLong();
    private final AtomicLong sweeps = new AtomicLong();
    /** Serialises this sweeper's sweeps; not the monitor, which close() holds while joining the thread. */
    private final Object sweepLock = new Object();
    private volatile boolean running;
    private Thread thread;

    public QueueRecoverySweeper(List<SharedQueue> queues, OwnerLiveness liveness) {
        this.queues = List.copyOf(queues);
        this.liveness = liveness;
    }

    /** Sweeps every queue once; returns the slots recovered by this sweep. */
    public long sweepOnce() {
        synchronized (sweepLock) {
            long n = 0;
            for (SharedQueue q : queues) {
                n += q.recover(liveness);
            }
            recovered.addAndGet(n);
            sweeps.incrementAndGet();
            return n;
        }
    }

    /** Starts a daemon thread that sweeps every {@code periodMillis} until {@link #close}. */
    public synchronized QueueRecoverySweeper start(long periodMillis) {
        if (periodMillis < 1) {
            throw new IllegalArgumentException("recovery period " + periodMillis + " ms must be at least 1");
        }
        if (thread != null) {
            throw new IllegalStateException("the recovery sweeper is already running");
        }
        running = true;
        thread = Thread.ofPlatform().daemon().name("vdsolab-recovery").start(() -> {
            while (running) {
                sweepOnce();
                LockSupport.parkNanos(periodMillis * 1_000_000L);
            }
        });
        return this;
    }

    /** Slots recovered by all sweeps so far. */
    public long recovered() {
        return recovered.get();
    }

    /** Sweeps run so far. */
    public long sweeps() {
        return sweeps.get();
    }

    /** Stops the background thread (if any) and waits for it; sweepOnce still works afterwards. */
    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }
}
