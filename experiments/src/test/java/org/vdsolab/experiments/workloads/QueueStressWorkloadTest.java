package org.vdsolab.experiments.workloads;

import org.junit.jupiter.api.Tag;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.vdsolab.api.queue.QueueCapability;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.spi.Providers;
import org.vdsolab.api.workload.WorkloadResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * queue-stress in threads mode over every queue provider on the class path, and the timeout path.
 * Exactly-once designs must lose, duplicate, tear and reorder nothing; the others must at least
 * run to the end with consistent counts.
 */
@Tag("slow")
class QueueStressWorkloadTest {

    static WorkloadResult run(String... keyValues) throws Exception {
        return new QueueStressWorkload().run(TestContext.of(keyValues));
    }

    static String show(String what, WorkloadResult r) {
        String line = String.format("[queue-stress] %s: %,d records in %.2f s (%.0f/s) %s", what, r.operations(),
                r.elapsedNanos() / 1e9, r.throughputOpsPerSecond(), r.counters());
        System.out.println(line);
        return line;
    }

    /**
     * The counters must add up whatever the design: every received record is torn, a duplicate, or
     * the first intact copy of a pushed record, and every pushed record never received intact is lost.
     */
    static void assertCountsAddUp(String what, WorkloadResult r) {
        Map<String, Long> c = r.counters();
        assertEquals(c.get("pushed"), c.get("records") - c.get("torn") - c.get("duplicated") + c.get("lost"),
                "records - torn - duplicated + lost must equal pushed: " + what + " " + c);
        assertEquals(c.get("records"), r.operations(), "ops are the records received");
        long expectedPerMillion = c.get("records") == 0 ? 0 : Math.round(c.get("torn") * 1e6 / c.get("records"));
        assertEquals(expectedPerMillion, c.get("torn_per_million"), what);
        long expectedPerBillion = c.get("records") == 0 ? 0 : Math.round(c.get("torn") * 1e9 / c.get("records"));
        assertEquals(expectedPerBillion, c.get("torn_per_billion"), what);
    }

    static void assertExactlyOnce(String what, WorkloadResult r, long records) {
        assertCountsAddUp(what, r);
        Map<String, Long> c = r.counters();
        assertEquals(0, c.get("lost"), what);
        assertEquals(0, c.get("duplicated"), what);
        assertEquals(0, c.get("torn"), what);
        assertEquals(0, c.get("out_of_order_per_producer"), what);
        assertEquals(0, c.get("torn_per_million"), what);
        assertEquals(records, c.get("records"), what);
        assertEquals(records, c.get("pushed"), what);
        assertEquals(records, r.operations(), what);
        assertTrue(r.elapsedNanos() > 0, what);
    }

    @TestFactory
    List<DynamicTest> threadsModeOverEveryProvider() {
        List<QueueProvider> providers = Providers.all(QueueProvider.class);
        assertFalse(providers.isEmpty(), "no queue provider on the class path: build impl-* with install");
        List<DynamicTest> tests = new ArrayList<>();
        for (QueueProvider p : providers) {
            boolean exact = p.has(QueueCapability.EXACTLY_ONCE);
            List<String[]> variants = new ArrayList<>();
            variants.add(new String[] {"push", "copy", "batch", "1", "record_bytes", "64"});
            variants.add(new String[] {"push", "copy", "batch", "1", "record_bytes", "16"});
            if (p.has(QueueCapability.BATCH)) {
                variants.add(new String[] {"push", "copy", "batch", "8", "record_bytes", "64"});
            }
            if (p.has(QueueCapability.PUSH_SLOT)) {
                variants.add(new String[] {"push", "slot", "batch", p.has(QueueCapability.BATCH) ? "4" : "1", "record_bytes", "64"});
            }
            for (String[] v : variants) {
                String what = p.name() + " threads 2P2C " + String.join(" ", v);
                tests.add(DynamicTest.dynamicTest(what, () -> {
                    long records = 100_000;
                    List<String> kv = new ArrayList<>(List.of("queue", p.name(), "producers", "2", "consumers", "2",
                            "mode", "threads", "records", Long.toString(records), "capacity", "64"));
                    kv.addAll(List.of(v));
                    WorkloadResult r = run(kv.toArray(String[]::new));
                    show(what, r);
                    long consumers = p.has(QueueCapability.MULTI_CONSUMER) ? 2 : 1;
                    assertEquals(consumers, r.counters().get("consumers_effective"));
                    if (exact) {
                        assertExactlyOnce(what, r, records);
                    } else {
                        // No exactly-once promise: every record is still pushed and the counts add up.
                        assertEquals(records, r.counters().get("pushed"), what);
                        assertCountsAddUp(what, r);
                    }
                }));
            }
        }
        return tests;
    }

    @Test
    void openLoopPoissonRecordsLatencyFromTheScheduledTime() throws Exception {
        TestContext ctx = TestContext.of("queue", "disruptor", "producers", "2", "consumers", "1", "records", "20000",
                "capacity", "256", "load.type", "open", "load.rate", "200000", "load.arrival", "poisson");
        WorkloadResult r = new QueueStressWorkload().run(ctx);
        show("disruptor open loop 200k/s poisson", r);
        assertExactlyOnce("open loop", r, 20_000);
        Histogram h = ctx.merged();
        assertEquals(20_000, h.getTotalCount(), "one latency sample per record");
        // 20,000 records at 200,000/s are scheduled over about 0.1 s: the run cannot be faster than its schedule.
        assertTrue(r.elapsedNanos() >= 50_000_000L, "elapsed " + r.elapsedNanos());
    }

    @Test
    void sixteenByteRecordsCarryNoTimestampSoNoLatency() throws Exception {
        TestContext ctx = TestContext.of("queue", "vsched", "records", "5000", "record_bytes", "16", "capacity", "16");
        WorkloadResult r = new QueueStressWorkload().run(ctx);
        assertExactlyOnce("16-byte records", r, 5_000);
        assertEquals(0, ctx.merged().getTotalCount());
    }

    @Test
    void aRunThatCannotFinishEndsWithATimeoutNamingTheQueue() {
        QueueStressWorkload w = new QueueStressWorkload(Duration.ofMillis(1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.run(TestContext.of(
                "queue", "vsched", "producers", "1", "consumers", "1", "records", "1000000", "capacity", "8")));
        assertTrue(e.getMessage().contains("queue 'vsched' did not finish"), e.getMessage());
        assertTrue(e.getMessage().contains("aborted"), e.getMessage());
    }

    @Test
    void timeoutGrowsWithTheRecordCount() {
        QueueStressWorkload w = new QueueStressWorkload();
        assertEquals(Duration.ofSeconds(60).plusMillis(500),
                w.timeout(StressConfig.parse(Map.of("queue", "vsched", "records", "10000"), 0)));
        assertEquals(Duration.ofSeconds(560), w.timeout(StressConfig.parse(Map.of("queue", "vsched", "records", "10000000"), 0)));
    }
}
