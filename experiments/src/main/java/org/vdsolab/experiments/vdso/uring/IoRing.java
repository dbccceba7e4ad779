package org.vdsolab.experiments.vdso.uring;

import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.record.Sqe;

/**
 * The exported API of the vDSO library {@code io_uring}: one io_uring whose SQ, CQ, hand-off
 * queues and buffers live in the library's vvar, submitted to and reaped from any domain. The
 * kernel domain binds it and calls {@link #startKernel()} (lays the ring out, registers the
 * {@code null} device as fd {@link #NULL_DEVICE_FD}, starts the pollers); every domain that
 * submits, the kernel included, calls {@link #open()} once and then {@link #submit} and
 * {@link #poll}/{@link #await}. Completions are routed back to the domain that submitted them,
 * exactly once, whichever domain pops them from the shared CQ.
 *
 * <p>Thread-safety: {@link #startKernel}, {@link #stopKernel} and {@link #open} are thread-safe;
 * after {@code open}, a domain submits from one thread at a time and reaps from one thread at a
 * time (a ring domain has one producer id on the SQ and one reaper).
 */
public interface IoRing {

    /** The fd of the {@code null} device (completes at once, {@code res = len}, no data moved). */
    int NULL_DEVICE_FD = 0;

    /**
     * Kernel domain only: creates the ring in the vvar, registers the devices and starts the
     * kernel pollers, then marks the ring ready for {@link #open}. Idempotent within a domain.
     *
     * @throws IllegalStateException if the ring the library's spec describes does not fit the
     *                               shared area its declaration reserves (the message names both sizes)
     */
    void startKernel();

    /** Kernel domain only: stops the pollers and closes the devices; the ring is no longer served. */
    void stopKernel();

    /**
     * Joins the ring as the next free ring domain (ids are handed out from a shared counter, so
     * every caller, in any domain, gets its own), waiting up to 10 s for the kernel to start it.
     * Calling it again in the same domain returns the same id.
     *
     * @return this domain's ring domain id, in [0, {@link #domains()})
     * @throws IllegalStateException if the kernel did not start the ring in time, or every ring
     *                               domain id is taken
     */
    int open();

    /** Ring domain ids the ring has room for. */
    int domains();

    /**
     * Copies {@code sqe} into the shared SQ ({@code user_data} comes back unchanged in its CQE).
     * Addresses ({@code addr}) are offsets into this domain's buffer slice.
     *
     * @return false if the SQ is full (reap, then retry)
     * @throws IllegalStateException if {@link #open} was not called in this domain
     */
    boolean submit(Sqe sqe);

    /** This domain's next completion into {@code out}, if one is there; false otherwise. */
    boolean poll(Cqe out);

    /** Waits up to {@code timeoutNanos} for this domain's next completion; false on timeout. */
    boolean await(Cqe out, long timeoutNanos);

    /** Completions the kernel pollers have pushed so far, over every domain. */
    long kernelCompletions();

    /**
     * Leaves the ring: hands on what this domain popped for others (up to 5 s); submitting or
     * reaping afterwards needs a new {@link #open} (a new id). Call before the domain exits when
     * routing is shared, or other domains' completions wait for it.
     */
    void close();
}
