package org.vdsolab.experiments.faults;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * fault-kill-kernel at small scale: the kernel child is SIGKILLed once, early in the stream
 * (seeded), and a re-attaching kernel serves the rest: every request is answered or failed, none
 * is lost or duplicated.
 */
@Tag("slow")
class KillKernelWorkloadTest {

    @Test
    void aKilledKernelCostsErrorsOrDelaysButLosesNothing() throws Exception {
        Map<String, Long> c = new KillKernelWorkload().run(FaultTestContext.of("queue", "vsched", "domains", "2",
                "records", "400000", "depth", "8", "kills", "1", "kill_interval_ms", "40", "fail_after_ms", "200",
                "idle_timeout_ms", "20000")).counters();
        assertEquals(1, c.get("kernel_restarts"), c.toString());
        assertEquals(0, c.get("lost"), "every request answered or failed: " + c);
        assertEquals(0, c.get("duplicated"), c.toString());
        assertEquals(0, c.get("misrouted"), c.toString());
        assertEquals(0, c.get("wedged"), c.toString());
        assertEquals(800_000, c.get("records") + c.get("errors_returned"), c.toString());
    }
}
