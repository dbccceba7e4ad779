package org.vdsolab.experiments.uring;

import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.spi.Providers;
import org.vdsolab.api.uring.RoutingPolicy;
import org.vdsolab.api.uring.UringSpec;
import org.vdsolab.experiments.workloads.OfferedLoad;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parsed and checked parameters of one uring-routing repetition, and the {@link UringSpec}
 * they give. Also its own wire format for child JVMs ({@link #toArgs()} / {@link #fromArgs}).
 * Immutable.
 */
record RoutingParams(String queue, RoutingPolicy routing, int domains, boolean processes, long records, int depth,
                     int entries, String device, int cpus, OfferedLoad load, long seed) {

    static final int MAX_DOMAINS = 64;
    static final long DEVICE_BYTES = 16L << 20;

    /** Parameter name to its description (the workload's {@code parameters()}). */
    static Map<String, String> describe() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("queue", "queue provider for the SQ, the CQs and the hand-off queues (required); MPMC designs for shared and "
                + "per-cpu routing: disruptor, vsched");
        p.put("routing", "per-domain | shared | per-cpu (default per-domain): one CQ per domain; one CQ for all, foreign CQEs "
                + "handed on to their owner; one CQ per CPU (domain d on CPU d % cpus), handed on among that CPU's domains");
        p.put("domains", "user domains sharing the ring, 1.." + MAX_DOMAINS + " (default 2)");
        p.put("mode", "threads | processes (default threads): domains as threads of this JVM or as child JVMs; the kernel "
                + "pollers always run in this JVM");
        p.put("records", "requests per repetition, split evenly over the domains (default 100000)");
        p.put("depth", "requests in flight per domain = its submit batch, 1..1024 (default 16)");
        p.put("entries", "SQ and CQ slots, a power of two >= depth (default 256)");
        p.put("device", "device provider the requests (4 KiB reads) go to (default null, the harness floor)");
        p.put("cpus", "CPUs of the region, 1..64 (default 1); per-cpu routing has min(cpus, domains) CQs");
        OfferedLoad.describe(p, "requests");
        return p;
    }

    static RoutingParams parse(Map<String, String> p, long seed) {
        String queue = p.get("queue");
        if (queue == null || queue.isBlank()) {
            throw new IllegalArgumentException("uring-routing: parameter 'queue' is required: a queue provider name, one of "
                    + Providers.names(QueueProvider.class));
        }
        queue = queue.trim();
        QueueProvider provider = Providers.find(QueueProvider.class, queue);
        RoutingPolicy routing;
        try {
            routing = RoutingPolicy.parse(p.getOrDefault("routing", "per-domain"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("uring-routing: parameter 'routing': " + e.getMessage(), e);
        }
        int domains = (int) num(p, "domains", 2, 1, MAX_DOMAINS);
        String mode = p.getOrDefault("mode", "threads").trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("threads") && !mode.equals("processes")) {
            throw new IllegalArgumentException("uring-routing: parameter 'mode' must be threads or processes, got '" + p.get("mode") + "'");
        }
        long records = num(p, "records", 100_000, domains, (long) Integer.MAX_VALUE * domains);
        int depth = (int) num(p, "depth", 16, 1, 1024);
        int entries = (int) num(p, "entries", 256, 2, UringSpec.MAX_ENTRIES);
        if (Integer.bitCount(entries) != 1 || entries < depth) {
            throw new IllegalArgumentException("uring-routing: parameter 'entries' must be a power of two >= depth (" + depth
                    + "), got " + entries);
        }
        String device = p.getOrDefault("device", "null").trim();
        int cpus = (int) num(p, "cpus", 1, 1, 64);
        OfferedLoad load = OfferedLoad.parse(p, "uring-routing: ");
        RoutingParams r = new RoutingParams(queue, routing, domains, mode.equals("processes"), records, depth, entries, device,
                cpus, load, seed);
        try {
            r.spec().validateAgainst(provider);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("uring-routing: queue '" + queue + "' cannot carry " + domains + " domains under "
                    + routing.configName() + " routing: " + e.getMessage(), e);
        }
        return r;
    }

    private static long num(Map<String, String> p, String key, long dflt, long min, long max) {
        String v = p.get(key);
        if (v == null) {
            return dflt;
        }
        long n;
        try {
            n = Long.parseLong(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("uring-routing: parameter '" + key + "' must be a whole number in [" + min + ", "
                    + max + "], got '" + v + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("uring-routing: parameter '" + key + "' must be in [" + min + ", " + max + "], got " + n);
        }
        return n;
    }

    /** One poller; buffers for {@code depth} 4 KiB requests per domain (at least 64 KiB). */
    UringSpec spec() {
        long bufferBytes = Math.max(64 * 1024, depth * UringDevices.BLOCK);
        return new UringSpec(queue, entries, entries, domains, 1, routing, cpus, bufferBytes);
    }

    /** Requests domain {@code d} submits: an even share, the first {@code records % domains} get one more. */
    int recordsFor(int d) {
        return (int) (records / domains + (d < records % domains ? 1 : 0));
    }

    List<String> toArgs() {
        List<String> a = new ArrayList<>();
        a.add("queue=" + queue);
        a.add("routing=" + routing.configName());
        a.add("domains=" + domains);
        a.add("mode=" + (processes ? "processes" : "threads"));
        a.add("records=" + records);
        a.add("depth=" + depth);
        a.add("entries=" + entries);
        a.add("device=" + device);
        a.add("cpus=" + cpus);
        a.addAll(load.toArgs());
        a.add("seed=" + seed); // open-loop schedules: a child draws the same arrivals as a thread would
        return a;
    }

    static RoutingParams fromArgs(List<String> args) {
        Map<String, String> p = new LinkedHashMap<>();
        long seed = 0;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("uring-routing child argument '" + arg + "' is not key=value");
            }
            if (arg.startsWith("seed=")) {
                seed = Long.parseLong(arg.substring(eq + 1));
            } else {
                p.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
        }
        return parse(p, seed);
    }
}
