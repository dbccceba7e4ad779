package org.vdsolab.api.uring;

import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.record.CqeLayout;
import org.vdsolab.api.record.SqeLayout;

import java.util.Objects;

/**
 * The shape of one io_uring in the vvar: which queue design carries the SQ and the CQs, their
 * sizes, how many user domains and kernel pollers share them, how completions are routed, and how
 * many buffer bytes each domain owns. Every domain that attaches must use the same spec (the
 * region's layout fingerprint and each queue's header check it).
 *
 * @param queue        queue provider name ({@code spsc}, {@code spsc-shared}, {@code disruptor},
 *                     {@code vsched-classic}, {@code vsched}, ...)
 * @param sqEntries    SQ slots, a power of two in [2, 2^20]
 * @param cqEntries    slots of each CQ (and each hand-off queue), a power of two in [2, 2^20]
 * @param domains      user domains, ids [0, domains), in [1, 256]
 * @param pollers      kernel poller threads (the SQ's consumers, the CQs' producers), in [1, 64]
 * @param routing      completion routing policy
 * @param cpus         CPU count of the region (PER_CPU routing uses it), in [1, 4096]
 * @param bufferBytes  bytes of buffer area per domain, a multiple of 4096 in [4096, 2^30]
 */
public record UringSpec(String queue, int sqEntries, int cqEntries, int domains, int pollers, RoutingPolicy routing,
                        int cpus, long bufferBytes) {

    public static final int MAX_ENTRIES = 1 << 20;
    public static final int MAX_DOMAINS = 256;
    public static final int MAX_POLLERS = 64;

    public UringSpec {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(routing, "routing");
        entries("sqEntries", sqEntries);
        entries("cqEntries", cqEntries);
        if (domains < 1 || domains > MAX_DOMAINS) {
            throw new IllegalArgumentException("uring domains must be in [1, " + MAX_DOMAINS + "], got " + domains);
        }
        if (pollers < 1 || pollers > MAX_POLLERS) {
            throw new IllegalArgumentException("uring pollers must be in [1, " + MAX_POLLERS + "], got " + pollers);
        }
        if (cpus < 1 || cpus > 4096) {
            throw new IllegalArgumentException("uring cpus must be in [1, 4096], got " + cpus);
        }
        if (bufferBytes < 4096 || bufferBytes > (1L << 30) || bufferBytes % 4096 != 0) {
            throw new IllegalArgumentException("uring bufferBytes must be a multiple of 4096 in [4096, 2^30], got " + bufferBytes);
        }
    }

    /** One domain, one poller, per-domain routing, 1 CPU, 64 KiB of buffers. */
    public static UringSpec simple(String queue, int sqEntries, int cqEntries) {
        return new UringSpec(queue, sqEntries, cqEntries, 1, 1, RoutingPolicy.PER_DOMAIN, 1, 64 * 1024);
    }

    public UringSpec withDomains(int n) { return new UringSpec(queue, sqEntries, cqEntries, n, pollers, routing, cpus, bufferBytes); }

    public UringSpec withPollers(int n) { return new UringSpec(queue, sqEntries, cqEntries, domains, n, routing, cpus, bufferBytes); }

    public UringSpec withRouting(RoutingPolicy r, int cpuCount) {
        return new UringSpec(queue, sqEntries, cqEntries, domains, pollers, r, cpuCount, bufferBytes);
    }

    public UringSpec withBufferBytes(long b) { return new UringSpec(queue, sqEntries, cqEntries, domains, pollers, routing, cpus, b); }

    public UringSpec withQueue(String q) { return new UringSpec(q, sqEntries, cqEntries, domains, pollers, routing, cpus, bufferBytes); }

    /** The SQ: SQE records, every domain a producer, every poller a consumer. */
    public QueueSpec sqSpec() {
        return new QueueSpec(sqEntries, SqeLayout.BYTES, domains, pollers);
    }

    /** Each CQ: CQE records, every poller a producer, the domains routed to it consumers. */
    public QueueSpec cqSpec() {
        return new QueueSpec(cqEntries, CqeLayout.BYTES, pollers, routing.consumersPerCq(domains, cpus));
    }

    /** Each domain's hand-off queue: every domain may push into it, its owner pops. */
    public QueueSpec handOffSpec() {
        return new QueueSpec(cqEntries, CqeLayout.BYTES, domains, 1);
    }

    public int cqCount() { return routing.cqCount(domains, cpus); }

    public int cqOf(int domain) { return routing.cqOf(domain, domains, cpus); }

    public boolean handOff() { return routing.needsHandOff(domains, cpus); }

    /**
     * Checks that {@code provider} can carry this ring's queues.
     *
     * @throws IllegalArgumentException naming the queue (SQ, CQ or hand-off), the provider and
     *                                  what it refuses, e.g. a single-consumer design asked for two
     *                                  pollers
     */
    public void validateAgainst(QueueProvider provider) {
        if (!provider.name().equals(queue)) {
            throw new IllegalArgumentException("uring spec names queue '" + queue + "' but provider '" + provider.name() + "' was given");
        }
        check(provider, "SQ", sqSpec(), "the SQ has " + domains + " producers (user domains) and " + pollers
                + " consumers (kernel pollers)");
        check(provider, "CQ", cqSpec(), "each CQ has " + pollers + " producers (kernel pollers) and "
                + cqSpec().consumers() + " consumers (user domains) under routing " + routing.configName());
        if (handOff()) {
            check(provider, "hand-off queue", handOffSpec(), "each hand-off queue has " + domains + " producers");
        }
    }

    private static void check(QueueProvider p, String which, QueueSpec spec, String shape) {
        try {
            p.validate(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("queue '" + p.name() + "' cannot carry the uring " + which + ": " + shape
                    + "; " + e.getMessage(), e);
        }
    }

    private static void entries(String name, int v) {
        if (v < 2 || v > MAX_ENTRIES || Integer.bitCount(v) != 1) {
            throw new IllegalArgumentException("uring " + name + " must be a power of two in [2, 2^20], got " + v);
        }
    }
}
