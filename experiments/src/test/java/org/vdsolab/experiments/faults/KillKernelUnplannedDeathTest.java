package org.vdsolab.experiments.faults;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vdsolab.experiments.testing.ChildProcesses;
import org.vdsolab.api.workload.WorkloadResult;
import org.vdsolab.experiments.testing.WorkloadUnderTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * fault-kill-kernel with no planned kill and the kernel child SIGKILLed from outside once it said
 * READY: the repetition completes, counts the death in {@code unplanned_deaths} (not in
 * {@code kernel_restarts}), notes the signal, and a re-attached kernel answers every request or
 * fails it, losing none.
 */
@Tag("slow")
class KillKernelUnplannedDeathTest {


    @Test
    void aKernelKilledFromOutsideAfterItWasReadyIsReplacedAndNoted() throws Exception {
        WorkloadUnderTest run = WorkloadUnderTest.start("kill-kernel-under-test", () -> new KillKernelWorkload().run(FaultTestContext.of(
                "queue", "vsched", "domains", "2", "records", "400000", "depth", "8", "kills", "0", "fail_after_ms", "200",
                "idle_timeout_ms", "20000")));
        ProcessHandle kernel = run.await("the kernel child", 
                () -> ChildProcesses.descendant(KernelChild.class.getName() + " create "));
        // Its captured stdout says READY once it serves; /proc names the file its fd 1 writes to.
        run.await("the kernel's READY line", () -> readyLine(kernel));
        kernel.destroyForcibly();
        WorkloadResult r = run.result();
        Map<String, Long> c = r.counters();
        System.out.println("[fault-kill-kernel unplanned death] " + c + " " + r.notes());
        assertEquals(1, c.get("unplanned_deaths"), c.toString());
        assertEquals(0, c.get("kernel_restarts"), "the workload itself killed no kernel: " + c);
        assertEquals(0, c.get("lost"), "every request answered or failed: " + c);
        assertEquals(0, c.get("duplicated"), c.toString());
        assertEquals(0, c.get("misrouted"), c.toString());
        assertEquals(0, c.get("wedged"), c.toString());
        assertEquals(800_000, c.get("records") + c.get("errors_returned"), c.toString());
        assertEquals(1, r.notes().size(), r.notes().toString());
        assertTrue(r.notes().getFirst().startsWith("kernel 1 was killed by signal 9 after it was ready"), r.notes().toString());
    }

    private static Optional<Boolean> readyLine(ProcessHandle kernel) {
        try {
            Path stdout = Files.readSymbolicLink(Path.of("/proc", Long.toString(kernel.pid()), "fd", "1"));
            return Files.readString(stdout).contains("READY") ? Optional.of(true) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();   // not there yet, or the child is already gone (the run then ends: await fails)
        }
    }
}
