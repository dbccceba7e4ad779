package org.vdsolab.experiments.workloads;

import org.vdsolab.api.workload.Pacer;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The load a workload offers: closed loop (each party sends as fast as the system under test takes
 * it) or open loop (sends on a schedule at {@code rate} per second over all parties, with constant
 * or Poisson gaps, whatever the system does, so that a stall shows in the latency of every request
 * scheduled behind it). The keys {@code load.type}, {@code load.rate} and {@code load.arrival} are
 * declared, parsed and passed to child JVMs here, once for every workload that takes them.
 * Immutable and thread-safe.
 *
 * @param open    true for open loop
 * @param rate    open loop: requests per second over all parties (0 in closed loop)
 * @param arrival open loop: how the sends are spaced
 */
public record OfferedLoad(boolean open, double rate, Pacer.Arrival arrival) {

    public static final String TYPE = "load.type";
    public static final String RATE = "load.rate";
    public static final String ARRIVAL = "load.arrival";

    /** Closed loop, the default. */
    public static final OfferedLoad CLOSED = new OfferedLoad(false, 0, Pacer.Arrival.CONSTANT);

    /** Adds the three keys' descriptions to a workload's {@code parameters()}; {@code what} names a request ("records"). */
    public static void describe(Map<String, String> parameters, String what) {
        parameters.put(TYPE, "closed | open (default closed): as fast as possible, or on a schedule at load.rate");
        parameters.put(RATE, "open loop: total " + what + " per second over all parties (default 0)");
        parameters.put(ARRIVAL, "constant | poisson (default constant): open-loop inter-arrival times");
    }

    /**
     * Reads the three keys (each optional) from a workload's parameters.
     *
     * @param prefix starts every error message (the workload's name and a colon, or empty)
     * @throws IllegalArgumentException naming the key, its value and what is allowed
     */
    public static OfferedLoad parse(Map<String, String> p, String prefix) {
        String type = p.getOrDefault(TYPE, "closed").trim().toLowerCase(Locale.ROOT);
        if (!type.equals("closed") && !type.equals("open")) {
            throw new IllegalArgumentException(prefix + "parameter '" + TYPE + "' must be closed or open, got '" + p.get(TYPE) + "'");
        }
        boolean open = type.equals("open");
        String rawRate = p.getOrDefault(RATE, "0");
        double rate;
        try {
            rate = Double.parseDouble(rawRate.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(prefix + "parameter '" + RATE + "' must be a number of requests per second, got '"
                    + rawRate + "'");
        }
        if (open && !(rate > 0 && Double.isFinite(rate))) {
            throw new IllegalArgumentException(prefix + "parameter '" + RATE + "' must be a positive rate (per second) when "
                    + TYPE + " is open, got " + rawRate);
        }
        Pacer.Arrival arrival;
        try {
            arrival = Pacer.Arrival.parse(p.getOrDefault(ARRIVAL, "constant"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + "parameter '" + ARRIVAL + "': " + e.getMessage());
        }
        return new OfferedLoad(open, rate, arrival);
    }

    /** The schedule of one of {@code parties} parties, each with an equal share of the rate; open loop only. */
    public Pacer pacer(int parties, long seed, long startNanos) {
        if (!open) {
            throw new IllegalStateException("a closed-loop load has no schedule");
        }
        return Pacer.of(arrival, rate / parties, seed, startNanos);
    }

    /** The three keys as child-JVM arguments, {@code key=value} each ({@link #parse} reads them back). */
    public List<String> toArgs() {
        return List.of(TYPE + "=" + (open ? "open" : "closed"), RATE + "=" + rate,
                ARRIVAL + "=" + arrival.name().toLowerCase(Locale.ROOT));
    }

    /** One phrase for messages: "closed loop" or "open loop 50000/s poisson". */
    public String describe() {
        return open ? String.format(Locale.ROOT, "open loop %.0f/s %s", rate, arrival.name().toLowerCase(Locale.ROOT)) : "closed loop";
    }
}
