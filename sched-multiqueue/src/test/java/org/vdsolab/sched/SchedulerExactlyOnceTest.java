package org.vdsolab.sched;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdsolab.api.sched.SchedulerSpec;
import org.vdsolab.api.sched.SharedScheduler;
import org.vdsolab.api.sched.TaskState;

import org.vdsolab.api.testing.StallGuard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 10^6 spawn / run / exit cycles over a mapped file with two CPU threads and two spawning domains
 * (one spawning everything on CPU 0, one on the global queue), round robin with per-CPU queues and
 * stealing, yields, blocks and unblocks towards the other CPU: no job lost, none run twice, and
 * the table ends with every record free.
 */
@Tag("slow")
class SchedulerExactlyOnceTest {

    static final long JOBS_PER_DOMAIN = 500_000;

    @Test
    void aMillionCyclesLoseNothingAndRunNothingTwice(@TempDir Path dir) throws Exception {
        SchedulerSpec spec = SchedulerSpec.of(2, 512, "rr", true, true).withRunQueueCapacity(64);
        long total = 2 * JOBS_PER_DOMAIN;
        ExactlyOnceHarness h = ExactlyOnceHarness.open(
                ExactlyOnceHarness.map(dir.resolve("sched.vvar"), ExactlyOnceHarness.regionBytes(spec, JOBS_PER_DOMAIN)),
                spec, JOBS_PER_DOMAIN, total, true);
        List<Runnable> parties = List.of(
                () -> h.spawn(h.scheduler.handle(2), 1, JOBS_PER_DOMAIN, 0, 1),
                () -> h.spawn(h.scheduler.handle(3), 2, JOBS_PER_DOMAIN, SharedScheduler.ANY_CPU, 1),
                () -> h.runCpu(h.scheduler.handle(0), 0, 1, 7),
                () -> h.runCpu(h.scheduler.handle(1), 1, 0, 8));
        runAll(parties, h::completed);
        assertAllDone(h, total, 2, JOBS_PER_DOMAIN);
        assertTrue(h.scheduler.steals() > 0, "CPU 1 only gets domain 1's work by stealing");
    }

    /** Runs the parties as threads; fails if one throws, or if {@code progress} stands still before all end. */
    static void runAll(List<Runnable> parties, LongSupplier progress) throws InterruptedException {
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (Runnable r : parties) {
            Thread t = new Thread(() -> {
                try {
                    r.run();
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            t.setDaemon(true);   // a stuck party must not keep the test JVM alive
            t.start();
            threads.add(t);
        }
        try {
            StallGuard.joinAll(threads, progress);
        } catch (AssertionError stuck) {
            failures.add(stuck);
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError("a party failed: " + failures.peek(), failures.peek());
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    static void assertAllDone(ExactlyOnceHarness h, long total, int domains, long jobsPerDomain) {
        assertEquals(total, h.completed(), "completions");
        assertEquals(0, h.runTwice(), "jobs run twice");
        for (int d = 1; d <= domains; d++) {
            assertEquals(jobsPerDomain, h.distinctCompleted(d, jobsPerDomain), "distinct jobs of domain " + d + " (others lost)");
        }
        SharedScheduler s = h.scheduler;
        for (int t = 0; t < s.spec().maxTasks(); t++) {
            assertEquals(TaskState.FREE, s.state(t), "task record " + t);
        }
        assertEquals(0, s.queuedTasks(SharedScheduler.ANY_CPU));
        for (int cpu = 0; cpu < s.spec().cpus(); cpu++) assertEquals(0, s.queuedTasks(cpu), "queue of cpu " + cpu);
        var handle = s.handle(0);
        for (int i = 0; i < s.spec().maxTasks(); i++) {
            assertTrue(handle.spawn(0, 0, SharedScheduler.ANY_CPU, 0) >= 0, "the free list holds every record (" + i + ")");
        }
    }
}
