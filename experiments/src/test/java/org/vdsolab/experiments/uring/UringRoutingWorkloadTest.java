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
        long durationNanos;

        Context(String... kv) {
            for (int i = 0; i < kv.length; i += 2) {
                params.put(kv[i], kv[i + 1]);
            }
        }

        @Override public Map<String, String> params() { return params; }
        @Override public long seed() { return 42; }
        @Override public long durationNanos() { return durationNanos; }
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

    @ParameterizedTest(name = "open loop {0}, as {1}")
    @CsvSource({"shared, threads", "per-cpu, threads", "shared, processes"})
    void openLoopDomainsSendOnScheduleAndReceiveExactlyTheirOwn(String routing, String mode) throws Exception {
        // Poisson arrivals at 20,000 requests/s in all: every request is sent, once its time has come, and answered once.
        runAndCheck("vsched " + routing + " open loop " + mode, new Context("queue", "vsched", "routing", routing, "domains", "4",
                "cpus", "2", "mode", mode, "records", "4000", "depth", "8", "entries", "64",
                "load.type", "open", "load.rate", "20000", "load.arrival", "poisson"), 4000);
    }

    @ParameterizedTest(name = "deadline, {0}")
    @CsvSource({"threads", "processes"})
    void withADeadlineTheDomainsStopSendingAndLoseNothing(String mode) throws Exception {
        // A cap no domain can reach in 200 ms: the deadline, not the records, ends the repetition.
        long cap = 10_000_000;
        Context ctx = new Context("queue", "vsched", "routing", "shared", "domains", "2", "mode", mode,
                "records", Long.toString(cap), "depth", "8", "entries", "64");
        ctx.durationNanos = 200_000_000;
        WorkloadResult r = new UringRoutingWorkload().run(ctx);
        Map<String, Long> c = r.counters();
        assertEquals(2, c.get("domains_at_deadline"), "the deadline stopped both domains: " + c);
        assertTrue(c.get("records") > 0 && c.get("records") < cap, c.toString());
        assertEquals(0, c.get("lost"), "what was sent was answered: " + c);
        assertEquals(0, c.get("duplicated"), c.toString());
        assertEquals(0, c.get("misrouted"), c.toString());
        assertEquals(0, c.get("errors"), c.toString());
        assertEquals(c.get("records"), ctx.histogram.getTotalCount(), "one latency sample per request");
        assertTrue(r.notes().isEmpty(), r.notes().toString());
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
        e = assertThrows(IllegalArgumentException.class, () -> w.validate(Map.of("queue", "vsched", "load.type", "open")));
        assertEquals("uring-routing: parameter 'load.rate' must be a positive rate (per second) when load.type is open, got 0",
                e.getMessage());
        Map<String, String> open = Map.of("queue", "vsched", "routing", "per-cpu", "cpus", "2", "domains", "4",
                "load.type", "open", "load.rate", "50000", "load.arrival", "poisson");
        assertEquals(RoutingParams.parse(open, 7), RoutingParams.fromArgs(RoutingParams.parse(open, 7).toArgs()),
                "a child JVM gets the same parameters, the open-loop load and the seed included");
    }
}
