package org.vdsolab.experiments.faults;

import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.spi.Providers;
import org.vdsolab.api.uring.UringSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of one {@code fault-kill-kernel} cell, parsed and checked; also how the ring's
 * shape travels to the kernel child JVM ({@link #toArgs}, {@link #fromArgs}). Immutable; thread-safe.
 */
record KillKernelParams(String queue, int domains, long records, int depth, int entries, int kills, long killInterval,
                        long failAfterMillis, long idleTimeoutMillis, long serviceNanos) {

    static final String WORKLOAD = "fault-kill-kernel";

    static Map<String, String> describe() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("queue", "queue provider of the SQ and CQs (required), e.g. vsched, disruptor");
        p.put("domains", "user domains (threads of the parent), 1..16 (default 2)");
        p.put("records", "requests per domain, 100..10^8 (default 200000)");
        p.put("depth", "requests each domain keeps in flight, 1..1024 (default 16)");
        p.put("entries", "SQ and CQ entries, a power of two 16..65536 (default 256)");
        p.put("kills", "SIGKILLs of the kernel child JVM at seeded random times, each followed by a re-attaching kernel, "
                + "0..100 (default 3)");
        p.put("kill_interval_ms", "mean time between kills, 10..60000 ms (default 1000); each gap uniform in [0.5, 1.5] of it");
        p.put("fail_after_ms", "a request submitted under an earlier kernel generation and unanswered this long is failed "
                + "(InFlightRequests; errors_returned), 10..600000 (default 500)");
        p.put("idle_timeout_ms", "a domain without any completion or failure this long gives up (what it has in flight "
                + "then counts as lost), 1000..600000 (default 20000)");
        p.put("service_ns", "device service time per request, ns, 0..10^9 (default 0: the null device, answered at once; "
                + "above 0: the fixed device, so that a killed kernel takes requests in flight with it)");
        return p;
    }

    static KillKernelParams parse(Map<String, String> m) {
        ParamReader r = new ParamReader(WORKLOAD, m);
        String queue = r.string("queue", null);
        int entries = r.powerOfTwo("entries", 256, 16, 65536);
        KillKernelParams p = new KillKernelParams(queue, r.intValue("domains", 2, 1, 16),
                r.longValue("records", 200_000, 100, 100_000_000), r.intValue("depth", 16, 1, 1024), entries,
                r.intValue("kills", 3, 0, 100), r.longValue("kill_interval_ms", 1000, 10, 60_000),
                r.longValue("fail_after_ms", 500, 10, 600_000), r.longValue("idle_timeout_ms", 20_000, 1000, 600_000),
                r.longValue("service_ns", 0, 0, 1_000_000_000));
        p.spec().validateAgainst(Providers.find(QueueProvider.class, queue));
        return p;
    }

    UringSpec spec() {
        return UringFaultRing.spec(queue, entries, domains, 1, depth);
    }

    List<String> toArgs() {
        List<String> a = new ArrayList<>();
        a.add("queue=" + queue);
        a.add("domains=" + domains);
        a.add("records=" + records);
        a.add("depth=" + depth);
        a.add("entries=" + entries);
        a.add("kills=" + kills);
        a.add("kill_interval_ms=" + killInterval);
        a.add("fail_after_ms=" + failAfterMillis);
        a.add("idle_timeout_ms=" + idleTimeoutMillis);
        a.add("service_ns=" + serviceNanos);
        return a;
    }

    static KillKernelParams fromArgs(List<String> args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException(WORKLOAD + " kernel child: argument '" + a + "' is not key=value");
            }
            m.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return parse(m);
    }
}
