package org.vdsolab.api.uring;

import java.util.Locale;

/**
 * How completions find the user domain that submitted them when several domains share one SQ
 * (question Q5). The owner of a request is the SQE's {@code personality} (the submitting domain's
 * id, stamped by {@link Sq} and {@link SqBuffer}); the CQE carries it back in its flags
 * ({@link CqeFlags}). In every policy each completion reaches its owner exactly once.
 *
 * <ul>
 *   <li>{@link #PER_DOMAIN}: one CQ per user domain in the vvar; the poller pushes into the
 *       owner's CQ, which only the owner pops. No hand-on.</li>
 *   <li>{@link #SHARED}: one CQ for every domain; whoever pops a CQE that is not its own pushes it
 *       into the owner's hand-off queue (one per domain, in the vvar), which the owner pops
 *       first.</li>
 *   <li>{@link #PER_CPU}: one CQ per CPU; domain {@code d} runs on CPU {@code d % cpus}, the
 *       poller pushes into the owner's CPU's CQ, and the domains of one CPU hand foreign CQEs on
 *       as in SHARED.</li>
 * </ul>
 * Immutable; thread-safe.
 */
public enum RoutingPolicy {
    PER_DOMAIN,
    SHARED,
    PER_CPU;

    /** The config spelling: {@code per-domain}, {@code shared}, {@code per-cpu}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses a config value ({@code per-domain}, {@code shared}, {@code per-cpu}, any case).
     *
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static RoutingPolicy parse(String value) {
        for (RoutingPolicy p : values()) {
            if (p.configName().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("routing '" + value + "' is not one of per-domain, shared, per-cpu");
    }

    /** How many CQs the vvar holds for {@code domains} user domains on {@code cpus} CPUs. */
    public int cqCount(int domains, int cpus) {
        return switch (this) {
            case PER_DOMAIN -> domains;
            case SHARED -> 1;
            case PER_CPU -> Math.min(cpus, domains);
        };
    }

    /** The CQ that completions of {@code domain} are pushed into. */
    public int cqOf(int domain, int domains, int cpus) {
        return switch (this) {
            case PER_DOMAIN -> domain;
            case SHARED -> 0;
            case PER_CPU -> domain % cqCount(domains, cpus);
        };
    }

    /** How many domains pop each CQ (the most on any one CQ). */
    public int consumersPerCq(int domains, int cpus) {
        int cqs = cqCount(domains, cpus);
        return (domains + cqs - 1) / cqs;
    }

    /** The consumer id of {@code domain} on its CQ. */
    public int consumerIdOf(int domain, int domains, int cpus) {
        return domain / cqCount(domains, cpus);
    }

    /** Whether domains may pop each other's CQEs, so hand-off queues are needed. */
    public boolean needsHandOff(int domains, int cpus) {
        return consumersPerCq(domains, cpus) > 1;
    }
}
