package org.vdsolab.experiments.uring;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vdsolab.api.workload.LatencyRecorder;
import org.vdsolab.api.workload.WorkloadContext;
import org.vdsolab.api.workload.WorkloadResult;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Round trips through {@code uring-roundtrip} on every queue provider with the {@code null} and
 * {@code file} devices. One user domain and one poller: every provider is used single-producer /
 * single-consumer here, where even the designs kept for their flaws (spsc-shared tears only when
 * several producers share its tail; vsched-classic livelocks only on mixed-end pushes) owe exactly
 * once, so all are held to lost = duplicated = errors = 0. Their multi-party flaws are measured by
 * queue-stress, not here.
 */
@Tag("slow")
class UringProviderRoundTripTest {

    static Stream<Arguments> cells() {
        Stream.Builder<Arguments> s = Stream.builder();
        for (String q : new String[] {"spsc", "spsc-shared", "disruptor", "vsched-classic", "vsched"}) {
            for (String dev : new String[] {"null", "file"}) {
                s.add(Arguments.of(q, dev));
            }
        }
        return s.build();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cells")
    void everyRequestCompletesExactlyOnce(String queue, String device) throws Exception {
        int records = 10_000;
        AtomicLong samples = new AtomicLong();
        WorkloadResult r = run(queue, device, records, samples);
        System.out.printf("[uring] %s on %s: %.0f ops/s, counters %s%n", queue, device, r.throughputOpsPerSecond(), r.counters());
        assertEquals(records, r.operations());
        assertEquals(records, r.counters().get("records"));
        assertEquals(0, r.counters().get("lost"));
        assertEquals(0, r.counters().get("duplicated"));
        assertEquals(0, r.counters().get("errors"));
        assertEquals(records, samples.get(), "one latency sample per completion");
    }

    @Test
    void theDeviceModelsOwnCountersAreReported() throws Exception {
        // The workload's 4096-byte requests exceed the nic's 64-byte frames: every one is -EMSGSIZE,
        // so the nic neither sends nor drops a frame, and both of its counters read 0.
        int records = 200;
        WorkloadResult r = run("vsched", "nic", records, new AtomicLong());
        assertEquals(records, r.counters().get("errors"));
        assertEquals(0, r.counters().get("device_frames_sent"));
        assertEquals(0, r.counters().get("device_frames_dropped"));
        assertNull(run("vsched", "null", records, new AtomicLong()).counters().get("device_frames_sent"),
                "a model without counters adds none");
    }

    private static WorkloadResult run(String queue, String device, int records, AtomicLong samples) throws Exception {
        Map<String, String> params = Map.of("queue", queue, "device", device, "op", "read", "records", Integer.toString(records),
                "depth", "16", "entries", "64", "device_bytes", Long.toString(4L << 20));
        UringRoundTripWorkload w = new UringRoundTripWorkload();
        w.validate(params);
        return w.run(new WorkloadContext() {
            @Override public Map<String, String> params() { return params; }
            @Override public long seed() { return 42; }
            @Override public long durationNanos() { return 0; }
            @Override public long operations() { return records; }
            @Override public LatencyRecorder latencyRecorder() { return nanos -> samples.incrementAndGet(); }
        });
    }
}
