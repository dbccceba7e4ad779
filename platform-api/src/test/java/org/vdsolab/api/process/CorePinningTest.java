package org.vdsolab.api.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vdsolab.api.testing.StallGuard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Tag("slow")
class CorePinningTest {

    @AfterEach
    void off() {
        CorePinning.set(false);
    }

    @Test
    void offByDefaultChildrenStartAsBefore() {
        assertFalse(CorePinning.isOn());
        try (ChildJvm child = ChildJvm.builder(ChildMains.Echo.class.getName()).start()) {
            assertTrue(child.command().getFirst().endsWith("java"), child.command().toString());
        }
    }

    @Test
    void childrenArePlacedRoundRobinAndTheKernelHonoursIt() throws Exception {
        assumeTrue(CorePinning.taskset().isPresent(), "taskset is not installed here: pinning cannot be turned on");
        assertTrue(CorePinning.set(true));
        int cores = Runtime.getRuntime().availableProcessors();
        try (ChildJvm first = ChildJvm.builder(ChildMains.Hang.class.getName()).start();
             ChildJvm second = ChildJvm.builder(ChildMains.Hang.class.getName()).start()) {
            assertEquals(List.of("-c", "0"), first.command().subList(1, 3));
            assertEquals(List.of("-c", Integer.toString(1 % cores)), second.command().subList(1, 3));
            // taskset execs the JVM, so the pid is the JVM's and the kernel's affinity is the one asked for
            assertEquals("0", allowedCpus(first), "first child on core 0");
            assertEquals(Integer.toString(1 % cores), allowedCpus(second));
        }
        CorePinning.restart();
        try (ChildJvm again = ChildJvm.builder(ChildMains.Echo.class.getName()).start()) {
            assertEquals(List.of("-c", "0"), again.command().subList(1, 3), "a repetition starts again at core 0");
            assertEquals(0, again.awaitExit(StallGuard.EVENT_BOUND));
        }
    }

    /** Cpus_allowed_list of the child's JVM, once it runs Java (its stdout has its first line). */
    private static String allowedCpus(ChildJvm child) throws Exception {
        long deadline = System.nanoTime() + StallGuard.EVENT_BOUND.toNanos();
        while (!child.stdout().contains("grandchild=")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the child never started: " + child.stderrTail(ChildJvm.TAIL_LINES));
            }
            Thread.sleep(20);
        }
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(child.pid()), "status"))) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        throw new AssertionError("no Cpus_allowed_list in /proc/" + child.pid() + "/status");
    }
}
