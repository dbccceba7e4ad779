package org.vdsolab.experiments.faults;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vdsolab.api.workload.WorkloadResult;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * fault-kill-producer at small scale, deterministic: no random kills, producer 0's child halts
 * right after claiming the slot of record 2000 (a dead owner of a claimed, never published slot).
 */
@Tag("slow")
class KillProducerWorkloadTest {

    private static Map<String, Long> run(String queue) throws Exception {
        WorkloadResult r = new KillProducerWorkload().run(FaultTestContext.of("queue", queue, "producers", "2",
                "records", "20000", "capacity", "256", "kills", "0", "halt_at", "2000", "sweep_ms", "5",
                "stall_limit_ms", "1000"));
        return r.counters();
    }

    @Test
    void vschedRecoversTheHaltedProducersSlotAndLosesNothing() throws Exception {
        Map<String, Long> c = run("vsched");
        assertEquals(1, c.get("halts"), "the child halted at record 2000: " + c);
        assertEquals(0, c.get("stalled"), "the consumers were never stuck: " + c);
        assertEquals(0, c.get("lost"), c.toString());
        assertEquals(0, c.get("duplicated"), c.toString());
        assertEquals(0, c.get("torn"), c.toString());
        assertTrue(c.get("recovered_slots") >= 1, "the sweeper recovered the claimed slot: " + c);
        assertEquals(20000, c.get("published"), "the replacement published the rest of producer 0's share: " + c);
        assertEquals(c.get("published"), c.get("records"), c.toString());
    }

    @Test
    void disruptorRecoversTheHaltedProducersSlotAndLosesNothing() throws Exception {
        Map<String, Long> c = run("disruptor");
        assertEquals(1, c.get("halts"), c.toString());
        assertEquals(0, c.get("stalled"), c.toString());
        assertEquals(0, c.get("lost"), c.toString());
        assertEquals(0, c.get("duplicated"), c.toString());
        assertEquals(0, c.get("torn"), c.toString());
        assertTrue(c.get("recovered_slots") >= 1, c.toString());
        assertEquals(20000, c.get("records"), c.toString());
    }

    @Test
    void aStreamWithoutFaultsDeliversEveryRecordOnce() throws Exception {
        WorkloadResult r = new KillProducerWorkload().run(FaultTestContext.of("queue", "vsched-classic", "producers", "2",
                "records", "20000", "kills", "0"));
        Map<String, Long> c = r.counters();
        assertEquals(20000, c.get("records"), c.toString());
        assertEquals(0, c.get("lost") + c.get("duplicated") + c.get("torn") + c.get("abandoned") + c.get("stalled"), c.toString());
    }

    @Test
    void parametersAreCheckedWithTheKeyNamed() {
        KillProducerWorkload w = new KillProducerWorkload();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> w.validate(Map.of("queue", "spsc", "producers", "2")));
        assertTrue(e.getMessage().contains("queue"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> w.validate(Map.of("queue", "vsched", "capacity", "100")));
        assertTrue(e.getMessage().contains("capacity") && e.getMessage().contains("power of two"), e.getMessage());
    }
}
