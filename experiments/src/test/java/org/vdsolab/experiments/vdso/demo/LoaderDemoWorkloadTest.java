package org.vdsolab.experiments.vdso.demo;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vdsolab.api.spi.Providers;
import org.vdsolab.api.workload.LatencyRecorder;
import org.vdsolab.api.workload.WorkloadContext;
import org.vdsolab.api.workload.WorkloadProvider;
import org.vdsolab.api.workload.WorkloadResult;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loader-demo workload run directly through WorkloadProvider.run, as the runner does. */
@Tag("slow")
class LoaderDemoWorkloadTest {

    /** A minimal context: given parameters, no time bound, samples collected in a list. */
    private record Context(Map<String, String> params, List<Long> samples) implements WorkloadContext {
        @Override public long seed() { return 1; }
        @Override public long durationNanos() { return 0; }
        @Override public long operations() { return 0; }
        @Override public LatencyRecorder latencyRecorder() { return samples::add; }
    }

    @Test
    void reportsPrivateSharedAndMappedCountersForEveryDomain() throws Exception {
        WorkloadProvider w = Providers.find(WorkloadProvider.class, "loader-demo");
        List<Long> samples = Collections.synchronizedList(new ArrayList<>());
        Map<String, String> params = Map.of("calls", "20000", "cpus", "2", "idle_mode", "processes");
        w.validate(params);
        WorkloadResult r = w.run(new Context(params, samples));
        Map<String, Long> c = r.counters();

        assertEquals(20_000, c.get("private_kernel"));
        assertEquals(40_000, c.get("private_user_jvm"));
        assertEquals(60_000, c.get("private_user_process"));
        assertEquals(0, c.get("private_user_idle"));
        assertEquals(c.get("private_kernel") + c.get("private_user_jvm") + c.get("private_user_process"), c.get("shared_total"));
        assertEquals(120_000, c.get("expected_total"));
        assertEquals(1, c.get("mapped_kernel"));
        assertEquals(1, c.get("mapped_user_jvm"));
        assertEquals(1, c.get("mapped_user_process"));
        assertEquals(0, c.get("mapped_user_idle"), "the never-calling domain maps nothing");
        assertEquals(0, c.get("map_time_ms_user_idle"));
        assertTrue(c.get("map_time_ms_user_process") >= 0 && c.containsKey("map_time_ms_user_jvm"));
        assertEquals(120_000, r.operations());
        assertEquals(3, samples.size(), "one map-cost sample per mapping domain");
    }

    @Test
    void theNeverCallingDomainCanAlsoRunInThisJvm() throws Exception {
        WorkloadProvider w = new LoaderDemoWorkload();
        WorkloadResult r = w.run(new Context(Map.of("calls", "1000", "idle_mode", "threads", "cpus", "1"), new ArrayList<>()));
        assertEquals(0, r.counters().get("mapped_user_idle"));
        assertEquals(6_000, r.counters().get("shared_total"));
    }

    @Test
    void badParametersAreRejectedNamingTheKey() {
        WorkloadProvider w = new LoaderDemoWorkload();
        var e = assertThrows(IllegalArgumentException.class, () -> w.validate(Map.of("calls", "0")));
        assertTrue(e.getMessage().contains("'calls'") && e.getMessage().contains("1..100000000"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> w.validate(Map.of("idle_mode", "fork")));
        assertTrue(e.getMessage().contains("'idle_mode'") && e.getMessage().contains("threads or processes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> w.validate(Map.of("records", "5")));
        assertTrue(e.getMessage().contains("'records'") && e.getMessage().contains("calls"), e.getMessage());
        assertEquals(List.of("calls", "cpus", "idle_mode", "timeout_s"), List.copyOf(w.parameters().keySet()));
    }
}
