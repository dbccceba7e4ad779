package org.vdsolab.sched;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdsolab.api.process.ChildJvm;
import org.vdsolab.api.sched.SchedulerSpec;

import org.vdsolab.api.testing.StallGuard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel domain (this JVM: two CPU threads, one spawning domain on CPU 0) and a user domain in
 * a separate JVM (a third CPU and a spawning domain on the global queue) share one scheduler in a
 * mapped file, priority policy over 4 levels with stealing: 5·10^5 jobs per domain, 10^6
 * spawn / run / exit cycles in all; no job lost or run twice, and the child's CPU ran some of them.
 */
@Tag("slow")
class SchedulerProcessExactlyOnceTest {

    static final long JOBS_PER_DOMAIN = 500_000;

    @Test
    void aUserDomainInAnotherProcessSharesTheRunQueues(@TempDir Path dir) throws Exception {
        SchedulerSpec spec = SchedulerSpec.of(3, 512, "priority", true, true).withRunQueueCapacity(64);
        long total = 2 * JOBS_PER_DOMAIN;
        Path file = dir.resolve("sched.vvar");
        ExactlyOnceHarness h = ExactlyOnceHarness.open(ExactlyOnceHarness.map(file, ExactlyOnceHarness.regionBytes(spec, JOBS_PER_DOMAIN)),
                spec, JOBS_PER_DOMAIN, total, true);
        try (ChildJvm child = ChildJvm.builder(SchedulerChildDomain.class.getName())
                .args(file.toString(), "3", "512", "priority", Long.toString(JOBS_PER_DOMAIN), Long.toString(total), "2", "2", "64")
                .jvmFlags("--enable-native-access=ALL-UNNAMED")
                .start()) {
            try {
                SchedulerExactlyOnceTest.runAll(List.of(
                        () -> h.spawn(h.scheduler.handle(2), 1, JOBS_PER_DOMAIN, 0, spec.priorityLevels()),
                        () -> h.runCpu(h.scheduler.handle(0), 0, 1, 7),
                        () -> h.runCpu(h.scheduler.handle(1), 1, 2, 8),
                        () -> watch(child, h)), h::completed);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; child alive " + child.isAlive() + ", its stderr:\n"
                        + child.stderrTail(ChildJvm.TAIL_LINES), e);
            }
            child.awaitSuccess(StallGuard.EVENT_BOUND);
            assertTrue(child.stdout().contains("child domain 2 done"), child.stdout());
            assertFalse(child.stdout().contains("exited 0 jobs"), "the child's CPU ran jobs: " + child.stdout());
        }
        SchedulerExactlyOnceTest.assertAllDone(h, total, 2, JOBS_PER_DOMAIN);
    }

    /** Stops this JVM's parties early if the child died before the run completed. */
    private static void watch(ChildJvm child, ExactlyOnceHarness h) {
        while (h.completed() < h.total) {
            if (!child.isAlive() && h.completed() < h.total) {
                h.abort = true;
                throw new IllegalStateException("the child domain exited before the run completed");
            }
            try {
                Thread.sleep(20);   // polls an event: the child's exit
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
