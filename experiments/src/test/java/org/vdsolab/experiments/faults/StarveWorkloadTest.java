package org.vdsolab.experiments.faults;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * fault-starve at small scale: with a quota (above the honest domains' depth of 4) the flooder is
 * refused (EAGAIN) and the honest domains lose nothing and are refused nothing.
 */
class StarveWorkloadTest {

    private static Map<String, Long> run(int quota) throws Exception {
        return new StarveWorkload().run(FaultTestContext.of("queue", "vsched", "domains", "2", "rate", "2000",
                "records", "600", "depth", "4", "quota", Integer.toString(quota), "flood_depth", "512", "idle_timeout_ms", "10000")).counters();
    }

    @Test
    void theQuotaRefusesTheFlooderAndTheHonestDomainsLoseNothing() throws Exception {
        Map<String, Long> c = run(8);
        assertEquals(1200, c.get("records"), c.toString());
        assertEquals(0, c.get("lost") + c.get("duplicated") + c.get("misrouted") + c.get("honest_errors"), c.toString());
        assertTrue(c.get("flooder_eagain") > 0, "the flooder met its quota: " + c);
        assertEquals(c.get("flooder_eagain"), c.get("errors_returned"), c.toString());
        assertEquals(0, c.get("wedged"), c.toString());
    }

    @Test
    void withoutAQuotaNobodyIsRefused() throws Exception {
        Map<String, Long> c = run(0);
        assertEquals(1200, c.get("records"), c.toString());
        assertEquals(0, c.get("lost") + c.get("flooder_eagain") + c.get("quota_rejected"), c.toString());
    }
}
