package org.vdsolab.experiments.runner.results;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The counters are CPU time, not wall time: the work here is measured by this thread's own CPU
 * clock, so the assertions hold however loaded the machine is.
 */
class ResourceUsageTest {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void cpuTimeThisThreadSpendsIsCounted() {
        assertTrue(ResourceUsage.available(), "getrusage on 64-bit Linux");
        ResourceUsage before = ResourceUsage.now().orElseThrow();
        long spent = spinForCpu(TimeUnit.MILLISECONDS.toNanos(50));
        ResourceUsage delta = ResourceUsage.now().orElseThrow().since(before);
        // getrusage has microsecond resolution and other JVM threads only add to it
        assertTrue(delta.cpuNanos() >= spent - 1_000_000, delta + " after " + spent + " ns of this thread's CPU");
        assertTrue(delta.wallNanos() > 0 && delta.voluntarySwitches() >= 0 && delta.involuntarySwitches() >= 0, delta.toString());
    }

    @Test
    void aReapedChildProcessIsCounted() throws Exception {
        ResourceUsage before = ResourceUsage.children().orElseThrow();
        // a shell loop: about 0.05-0.5 s of CPU, all of it the child's
        Process child = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done").start();
        assertTrue(child.waitFor(10, TimeUnit.MINUTES) && child.exitValue() == 0);
        ResourceUsage delta = ResourceUsage.children().orElseThrow().since(before);
        assertTrue(delta.cpuNanos() > 0, "the child's CPU time: " + delta);
    }

    private static long spinForCpu(long nanos) {
        long start = THREADS.getCurrentThreadCpuTime();
        long x = 0;
        while (THREADS.getCurrentThreadCpuTime() - start < nanos) {
            x += System.identityHashCode(new Object()) & 1;
        }
        if (x < 0) {
            throw new AssertionError();
        }
        return THREADS.getCurrentThreadCpuTime() - start;
    }
}
