package org.vdsolab.experiments.uring;

import org.junit.jupiter.api.Tag;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vdsolab.api.workload.LatencyRecorder;
import org.vdsolab.api.workload.WorkloadContext;
import org.vdsolab.api.workload.WorkloadResult;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * uring-routing: every completion reaches its owner exactly once under every routing policy, for
 * the MPMC designs, with domains as threads and (one case) as processes; hand-offs happen exactly
 * when domains share a CQ; bad parameters are refused naming the key.
 */
@Tag("slow")
class UringRoutingWorkloadTest {

    private static final long RECORDS = 20_000;

    /** A context with the given params and one synchronised histogram for every thread. */
    private static final class Context implements WorkloadContext {
        final Map<String, String> params = new LinkedHashMap<>();
        final Histogram histogram = new Histogram(3);

        Context(String... kv) {
            for (int i = 0; i < kv.length; i += 2) {
                params.put(kv[i], kv[i + 1]);
            }
        }

        @Override public Map<String, String> params() { return params; }
        @Override public long seed() { return 42; }
        @Override public long durationNanos() { return 0; }
        @Override public long operations() { return 0; }
        @Override public LatencyRecorder latencyRecorder() {
            return new LatencyRecorder() {
                @Override public void record(long nanos) { synchronized (histogram) { histogram.recordValue(nanos); } }
                @Override public void record(long nanos, long count) {
                    synchronized (histogram) { histogram.recordValueWithCount(nanos, count); }
                }
            };
        }
    }

    private static WorkloadResult runAndCheck(String what, Context ctx, long records) throws Exception {
        WorkloadResult r = new UringRoutingWorkload().run(ctx);
        System.out.printf("[uring-routing] %s: %,d in %.2f s (%.0f/s) %s%n", what, r.operations(), r.elapsedNanos() / 1e9,
                r.throughputOpsPerSecond(), r.counters());
        Map<String, Long> c = r.counters();
        assertEquals(records, c.get("records"), what);
        assertEquals(0, c.get("lost"), what);
        assertEquals(0, c.get("duplicated"), what);
        assertEquals(0, c.get("misrouted"), what);
        assertEquals(0, c.get("errors"), what);
        assertEquals(records, r.operations(), what);
        assertEquals(records, ctx.histogram.getTotalCount(), what + ": one latency sample per request");
        return r;
    }

    @ParameterizedTest(name = "{0} {1} {2} domains cpus {3}")
    @CsvSource({
            "disruptor, per-domain, 2, 1", "disruptor, shared, 2, 1", "disruptor, shared, 4, 1", "disruptor, per-cpu, 4, 2",
            "vsched,    per-domain, 2, 1", "vsched,    shared, 2, 1", "vsched,    shared, 4, 1", "vsched,    per-cpu, 4, 2"})
    void everyCompletionReachesItsOwnerOnce(String queue, String routing, int domains, int cpus) throws Exception {
        String what = queue + " " + routing + " " + domains + " domains cpus " + cpus;
        WorkloadResult r = runAndCheck(what, new Context("queue", queue, "routing", routing, "domains", Integer.toString(domains),
                "cpus", Integer.toString(cpus), "records", Long.toString(RECORDS), "depth", "8", "entries", "64"), RECORDS);
        if (routing.equals("per-domain")) {
            assertEquals(0, r.counters().get("handed_off"), what + ": a CQ of one's own needs no hand-off");
        }
    }

    @Test
    void sharedCqHandsOnForeignCompletions() throws Exception {
        // Two domains popping one CQ: over 20,000 completions at least one lands with the other domain.
        WorkloadResult r = runAndCheck("vsched shared 2 handed off", new Context("queue", "vsched", "routing", "shared",
                "domains", "2", "records", Long.toString(RECORDS), "depth", "16", "entries", "64"), RECORDS);
        assertTrue(r.counters().get("handed_off") > 0, "no CQE was handed on: " + r.counters());
    }

    @Test
    void domainsAsProcessesReceiveExactlyTheirOwn() throws Exception {
        runAndCheck("disruptor shared 2 processes", new Context("queue", "disruptor", "routing", "shared", "domains", "2",
                "mode", "processes", "records", "10000", "depth", "8", "entries", "64"), 10_000);
    }

    @Test
    void badParametersAreRefusedNamingTheKey() {
        UringRoutingWorkload w = new UringRoutingWorkload();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> w.validate(Map.of("queue", "vsched", "routing", "broadcast")));
        assertTrue(e.getMessage().contains("'routing'") && e.getMessage().contains("per-domain, shared, per-cpu"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> w.validate(Map.of("queue", "vsched", "domains", "0")));
        assertTrue(e.getMessage().contains("'domains'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> w.validate(Map.of("queue", "vsched", "depth", "64", "entries", "32")));
        assertTrue(e.getMessage().contains("'entries'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> w.validate(Map.of("queue", "vsched", "mode", "fibres")));
        assertTrue(e.getMessage().contains("'mode'"), e.getMessage());
        // spsc has one consumer per ring: it cannot carry a CQ that two domains pop.
        e = assertThrows(IllegalArgumentException.class, () -> w.validate(Map.of("queue", "spsc", "routing", "shared")));
        assertTrue(e.getMessage().contains("spsc") && e.getMessage().contains("shared"), e.getMessage());
        assertEquals(RoutingParams.parse(Map.of("queue", "vsched", "routing", "per-cpu", "cpus", "2", "domains", "4"), 1),
                RoutingParams.fromArgs(RoutingParams.parse(Map.of("queue", "vsched", "routing", "per-cpu", "cpus", "2",
                        "domains", "4"), 1).toArgs(), 1));
    }
}
