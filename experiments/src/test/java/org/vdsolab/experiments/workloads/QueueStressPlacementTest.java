package org.vdsolab.experiments.workloads;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vdsolab.api.layout.Area;
import org.vdsolab.api.layout.Scope;
import org.vdsolab.api.layout.VvarLayout;
import org.vdsolab.api.workload.WorkloadResult;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vdsolab.experiments.workloads.QueueStressWorkloadTest.assertExactlyOnce;
import static org.vdsolab.experiments.workloads.QueueStressWorkloadTest.run;
import static org.vdsolab.experiments.workloads.QueueStressWorkloadTest.show;

/**
 * queue-stress's {@code placement} (Q1): one global queue against one queue per CPU in a per-CPU
 * vvar area. Both must deliver every record exactly once, with the same per-producer accounting.
 */
@Tag("slow")
class QueueStressPlacementTest {

    private static final long RECORDS = 100_000;

    @ParameterizedTest(name = "{0} {1} {2}P{3}C")
    @CsvSource({
            "vsched,    global,  2, 2",
            "vsched,    per-cpu, 2, 2",
            "vsched,    per-cpu, 3, 2",
            "disruptor, global,  2, 2",
            "disruptor, per-cpu, 2, 2",
            "disruptor, per-cpu, 3, 2"})
    void mpmcDesignsAreExactlyOnceInBothPlacements(String queue, String placement, int producers, int consumers) throws Exception {
        String what = queue + " threads " + placement + " " + producers + "P" + consumers + "C";
        WorkloadResult r = run("queue", queue, "producers", Integer.toString(producers), "consumers", Integer.toString(consumers),
                "mode", "threads", "placement", placement, "records", Long.toString(RECORDS), "capacity", "64");
        show(what, r);
        assertEquals(consumers, r.counters().get("consumers_effective"), what);
        assertEquals(producers + consumers, r.counters().get("parties"), what + ": every producer and consumer is a party");
        assertExactlyOnce(what, r, RECORDS);
    }

    @Test
    void perCpuWithFewerCpusThanConsumersSharesEachCpusQueue() throws Exception {
        WorkloadResult r = run("queue", "vsched", "producers", "2", "consumers", "2", "placement", "per-cpu", "cpus", "1",
                "records", Long.toString(RECORDS), "capacity", "64");
        show("vsched per-cpu on 1 CPU 2P2C", r);
        assertExactlyOnce("vsched per-cpu cpus 1", r, RECORDS);
    }

    @Test
    void singleConsumerDesignRunsOneConsumerPerCpu() throws Exception {
        WorkloadResult r = run("queue", "spsc", "producers", "2", "consumers", "2", "placement", "per-cpu",
                "records", Long.toString(RECORDS), "capacity", "64");
        show("spsc per-cpu 2P2C", r);
        assertEquals(2, r.counters().get("consumers_effective"), "one spsc consumer on each of the 2 CPUs");
        assertExactlyOnce("spsc per-cpu 2P2C", r, RECORDS);
    }

    @Test
    void perCpuIsExactlyOnceWithProcesses() throws Exception {
        WorkloadResult r = run("queue", "vsched", "producers", "2", "consumers", "2", "mode", "processes", "placement", "per-cpu",
                "records", Long.toString(RECORDS), "capacity", "256");
        show("vsched processes per-cpu 2P2C", r);
        assertExactlyOnce("vsched processes per-cpu 2P2C", r, RECORDS);
    }

    @Test
    void perCpuLayoutGivesEachCpuItsOwnPageAlignedQueue() {
        StressConfig c = StressConfig.parse(Map.of("queue", "vsched", "producers", "3", "consumers", "2", "placement", "per-cpu"), 1);
        assertEquals(2, c.cpus(), "cpus defaults to consumers");
        assertEquals(2, c.spec().producers(), "CPU 0 runs producers 0 and 2");
        assertEquals(1, c.spec().consumers());
        assertEquals(0, c.cpuOf(2));
        assertEquals(1, c.localId(2));
        VvarLayout layout = StressRegion.layout(c, c.provider());
        Area queue = layout.area("queue");
        assertEquals(Scope.PER_CPU, queue.scope());
        assertEquals(2, queue.copies());
        long q0 = queue.offset(0);
        long q1 = queue.offset(1);
        assertEquals(0, q0 % 4096);
        assertEquals(0, q1 % 4096);
        assertTrue(q1 - q0 >= c.provider().footprint(c.spec()), "copies do not overlap");

        StressConfig g = StressConfig.parse(Map.of("queue", "vsched", "producers", "3", "consumers", "2"), 1);
        assertEquals(StressConfig.Placement.GLOBAL, g.placement());
        assertEquals(1, g.cpus());
        assertEquals(3, g.spec().producers());
        assertEquals(Scope.GLOBAL, StressRegion.layout(g, g.provider()).area("queue").scope());
    }

    @Test
    void placementSurvivesTheChildArguments() {
        StressConfig c = StressConfig.parse(Map.of("queue", "disruptor", "producers", "4", "consumers", "4", "placement", "per-cpu",
                "cpus", "2"), 7);
        assertEquals(c, StressConfig.fromArgs(c.toArgs()));
    }

    @Test
    void badPlacementOrCpusIsRefusedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StressConfig.parse(Map.of("queue", "vsched", "placement", "numa"), 1));
        assertTrue(e.getMessage().contains("'placement'") && e.getMessage().contains("global or per-cpu"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StressConfig.parse(Map.of("queue", "vsched", "consumers", "2",
                "placement", "per-cpu", "cpus", "3"), 1));
        assertTrue(e.getMessage().contains("'cpus'") && e.getMessage().contains("[1, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StressConfig.parse(Map.of("queue", "vsched", "cpus", "x"), 1));
        assertTrue(e.getMessage().contains("'cpus'"), e.getMessage());
    }
}
