package org.vdsolab.experiments.faults;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.workload.WorkloadResult;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * fault-hostile-writer at small scale: a domain pushing random SQEs (own, forged, impersonating
 * an honest domain, all random) must cost the honest domains nothing, and the kernel must count
 * what it dropped.
 */
class HostileWriterWorkloadTest {

    @Test
    void randomSqesHurtNobodyElseAndAreCounted() throws Exception {
        WorkloadResult r = new HostileWriterWorkload().run(FaultTestContext.of("queue", "vsched", "domains", "2",
                "records", "3000", "depth", "8", "target", "sqe", "hostile_rate", "50000", "idle_timeout_ms", "10000"));
        Map<String, Long> c = r.counters();
        assertEquals(6000, c.get("records"), "every honest request answered: " + c);
        assertEquals(0, c.get("lost"), c.toString());
        assertEquals(0, c.get("unserved"), c.toString());
        assertEquals(0, c.get("misrouted"), "no completion of the hostile domain reached an honest one: " + c);
        assertEquals(0, c.get("duplicated"), c.toString());
        assertEquals(0, c.get("honest_errors"), c.toString());
        assertEquals(0, c.get("wedged"), c.toString());
        assertTrue(c.get("hostile_writes") > 0, c.toString());
        assertTrue(c.get("forged") + c.get("unroutable") + c.get("invalid") > 0, "the kernel counted the damage: " + c);
    }

    @Test
    void anUnknownTargetIsRejectedWithTheKeyNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HostileWriterWorkload().validate(Map.of("queue", "vsched", "target", "heap")));
        assertTrue(e.getMessage().contains("target") && e.getMessage().contains("sq-index"), e.getMessage());
    }
}
