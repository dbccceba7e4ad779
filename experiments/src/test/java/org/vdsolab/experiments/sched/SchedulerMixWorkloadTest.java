package org.vdsolab.experiments.sched;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.workload.LatencyRecorder;
import org.vdsolab.api.workload.WorkloadContext;
import org.vdsolab.api.workload.WorkloadResult;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small runs of {@code scheduler-mix}: every variant completes every task once; stealing shows up under skew. */
class SchedulerMixWorkloadTest {

    private final SchedulerMixWorkload workload = new SchedulerMixWorkload();

    private static WorkloadContext context(Map<String, String> params, AtomicLong samples) {
        return new WorkloadContext() {
            @Override public Map<String, String> params() { return params; }
            @Override public long seed() { return 42; }
            @Override public long durationNanos() { return 0; }
            @Override public long operations() { return 0; }
            @Override public LatencyRecorder latencyRecorder() { return nanos -> samples.incrementAndGet(); }
        };
    }

    private WorkloadResult run(String scheduler, String spawning, String policy) throws Exception {
        Map<String, String> p = new HashMap<>(Map.of("scheduler", scheduler, "spawning", spawning, "policy", policy,
                "tasks", "3000", "bursts", "3", "service_us", "1", "max_tasks", "256"));
        workload.validate(p);
        AtomicLong samples = new AtomicLong();
        WorkloadResult r = workload.run(context(p, samples));
        assertEquals(3000, r.counters().get("tasks_spawned"));
        assertEquals(3000, r.counters().get("tasks_completed"));
        assertEquals(0, r.counters().get("tasks_lost"));
        assertEquals(0, r.counters().get("tasks_run_twice"));
        assertEquals(9000, r.counters().get("bursts_run"));
        assertEquals(9000, samples.get(), "one latency sample per pick");
        long jain = r.counters().get("jain_index");
        assertTrue(jain > 0 && jain <= 1000, "jain_index per mille: " + jain);
        return r;
    }

    @Test
    void everyVariantCompletesEveryTaskOnce() throws Exception {
        assertEquals(0, run("global", "balanced", "fifo").counters().get("steals"));
        assertEquals(0, run("percpu", "skewed", "rr").counters().get("steals"));
        run("percpu-steal", "balanced", "priority");
    }

    @Test
    void skewedSpawningIsBalancedByStealing() throws Exception {
        assertTrue(run("percpu-steal", "skewed", "fifo").counters().get("steals") > 0);
    }

    @Test
    void badParametersAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> workload.validate(Map.of("scheduler", "percpu-steal", "spawning", "lopsided")));
        assertTrue(e.getMessage().contains("spawning"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> workload.validate(Map.of("scheduler", "percpu", "policy", "rr",
                "queue", "disruptor")));
        assertTrue(e.getMessage().contains("double_ended"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> workload.validate(Map.of("spawning", "skewed")));
        assertTrue(e.getMessage().contains("scheduler"), e.getMessage());
    }
}
