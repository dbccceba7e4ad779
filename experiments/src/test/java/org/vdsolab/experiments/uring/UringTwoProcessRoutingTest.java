package org.vdsolab.experiments.uring;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vdsolab.api.memory.SharedRegion;
import org.vdsolab.api.process.ChildJvm;
import org.vdsolab.api.uring.RoutingPolicy;
import org.vdsolab.api.uring.UringControl.Counter;
import org.vdsolab.api.uring.UringCredentials;
import org.vdsolab.api.uring.UringKernel;
import org.vdsolab.api.uring.UringSpec;

import org.vdsolab.api.testing.StallGuard;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two user processes share one SQ (and, under shared and per-cpu routing with one CPU, one CQ);
 * each must receive exactly its own completions. The kernel (pollers) runs in this JVM. Queues:
 * the exactly-once MPMC designs (disruptor, vsched) under every policy, and spsc (one ring per
 * producer, one consumer per CQ) under per-domain routing, the only one it can carry.
 */
@Tag("slow")
class UringTwoProcessRoutingTest {

    private static final int RECORDS = 4_000;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"disruptor, per-domain", "disruptor, shared", "disruptor, per-cpu",
            "vsched, per-domain", "vsched, shared", "vsched, per-cpu", "spsc, per-domain"})
    void eachProcessReceivesExactlyItsOwnCompletions(String queue, String routing) {
        RoutingPolicy policy = RoutingPolicy.parse(routing);
        int domains = 2;
        int cpus = 1; // per-cpu with one CPU: both domains share CPU 0's CQ and hand off
        UringSpec spec = new UringSpec(queue, 64, 16, domains, 1, policy, cpus, 64 * 1024);
        UringKernel.Builder b = UringKernel.builder(spec)
                .regionFile(SharedRegion.defaultPath("uring-routing-" + ProcessHandle.current().pid() + "-" + queue + "-" + routing));
        try (UringKernel k = b.build().startPollers()) {
            List<ChildJvm> children = new ArrayList<>();
            try {
                for (int d = 0; d < domains; d++) {
                    children.add(ChildJvm.builder(UringUserProcess.class.getName())
                            .name("uring-user-" + d)
                            .jvmFlags("-Xmx128m", "-XX:+UseSerialGC")
                            .args(k.regionFile().toString(), queue, routing, Integer.toString(domains), Integer.toString(cpus),
                                    "64", "16", Integer.toString(d), Integer.toString(RECORDS),
                                    UringCredentials.format(k.credential(d)))
                            .start());
                }
                long handedOn = 0;
                for (ChildJvm c : children) {
                    c.awaitSuccess(StallGuard.EVENT_BOUND);
                    String out = c.stdout().trim();
                    assertTrue(out.startsWith("received=" + RECORDS + " "), c.name() + ": " + out);
                    assertTrue(out.endsWith("corrupt=0"), c.name() + ": " + out);
                    handedOn += Long.parseLong(out.replaceAll(".*handed_on=(\\d+).*", "$1"));
                }
                assertEquals((long) domains * RECORDS, k.total(Counter.CQES), "every completion was posted once");
                if (policy == RoutingPolicy.PER_DOMAIN) {
                    assertEquals(0, handedOn, "per-domain CQs never need a hand-off");
                }
                System.out.printf("[uring] %s %s: %d completions per process, %d handed on%n", queue, routing, RECORDS, handedOn);
            } finally {
                children.forEach(ChildJvm::close);
            }
        }
    }
}
