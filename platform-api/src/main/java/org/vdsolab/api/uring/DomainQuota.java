package org.vdsolab.api.uring;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per-domain admission and accounting shared by a kernel's pollers: how many SQEs each domain has
 * outstanding (accepted by a poller and not yet completed, across every poller), the quota on that
 * number, and per-domain totals of completions and quota rejections.
 *
 * <p>An SQE of a domain already at its quota is not served: the poller answers it at once with
 * {@code -EAGAIN} ({@link UringControl.Counter#QUOTA_REJECTED}), so a flooding domain sees
 * back-pressure while the others keep their device time. "Completed" means the poller has posted
 * the CQE (into its CQ buffer or its overflow list) or skipped it under CQE_SKIP_SUCCESS.
 *
 * <p>Kernel-private state (Java heap, not the vvar: no domain can scribble it). Thread-safety:
 * every method may be called from any poller thread; the counters are atomics (getAndAdd), each
 * update independent, so a reader sees each value exact but not a snapshot across values.
 */
public final class DomainQuota {

    /** One domain's totals, kernel-side. */
    public record Stats(int domain, long completions, long rejections, int inFlight) { }

    private final int maxInFlight;
    private final AtomicIntegerArray inFlight;
    private final AtomicLongArray completions;
    private final AtomicLongArray rejections;

    /**
     * @param maxInFlight outstanding SQEs allowed per domain; 0 = unlimited
     */
    public DomainQuota(int domains, int maxInFlight) {
        if (maxInFlight < 0) {
            throw new IllegalArgumentException("uring quota (max in-flight SQEs per domain) must be >= 0 (0 = unlimited), got " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        this.inFlight = new AtomicIntegerArray(domains);
        this.completions = new AtomicLongArray(domains);
        this.rejections = new AtomicLongArray(domains);
    }

    /** The quota; 0 = unlimited. */
    public int maxInFlight() { return maxInFlight; }

    /**
     * Admits one SQE of {@code domain}: true (and counted outstanding) if under the quota; false
     * (and counted as a rejection) otherwise. Each true must be matched by one {@link #complete}.
     */
    public boolean tryAcquire(int domain) {
        int now = inFlight.incrementAndGet(domain); // atomic: pollers admit concurrently; over-shoot is undone at once
        if (maxInFlight != 0 && now > maxInFlight) {
            inFlight.decrementAndGet(domain);
            rejections.incrementAndGet(domain);
            return false;
        }
        return true;
    }

    /** One admitted SQE of {@code domain} has completed. */
    public void complete(int domain) {
        inFlight.decrementAndGet(domain);
        completions.incrementAndGet(domain);
    }

    /** An admitted SQE the poller could not finish (a fault while serving it): releases its slot, counts no completion. */
    public void abandon(int domain) {
        inFlight.decrementAndGet(domain);
    }

    public int inFlight(int domain) { return inFlight.get(domain); }

    public long completions(int domain) { return completions.get(domain); }

    public long rejections(int domain) { return rejections.get(domain); }

    public Stats stats(int domain) {
        return new Stats(domain, completions(domain), rejections(domain), inFlight(domain));
    }
}
