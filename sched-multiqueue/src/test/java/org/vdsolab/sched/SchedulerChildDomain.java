package org.vdsolab.sched;

import org.vdsolab.api.sched.SchedulerSpec;

import java.nio.file.Path;

/**
 * A user domain in its own JVM for {@link SchedulerProcessExactlyOnceTest}: attaches to the
 * scheduler in the region file, spawns its domain's jobs on the global queue from one thread and
 * acts as one CPU from another. Args: file cpus maxTasks policy jobsPerDomain total domain cpu runQueueCapacity.
 */
public final class SchedulerChildDomain {

    private SchedulerChildDomain() { }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        SchedulerSpec spec = SchedulerSpec.of(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3], true, true)
                .withRunQueueCapacity(Integer.parseInt(args[8]));
        long jobs = Long.parseLong(args[4]);
        long total = Long.parseLong(args[5]);
        int domain = Integer.parseInt(args[6]);
        int cpu = Integer.parseInt(args[7]);
        ExactlyOnceHarness h = ExactlyOnceHarness.open(ExactlyOnceHarness.map(file, ExactlyOnceHarness.regionBytes(spec, jobs)),
                spec, jobs, total, false);
        Throwable[] failure = new Throwable[1];
        Thread spawner = new Thread(() -> {
            try {
                h.spawn(h.scheduler.handle(10), domain, jobs, -1, spec.priorityLevels());
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        spawner.start();
        long exited = h.runCpu(h.scheduler.handle(11), cpu, 0, 99);
        spawner.join();
        if (failure[0] != null) throw new IllegalStateException("child spawner failed", failure[0]);
        System.out.println("child domain " + domain + " done, its CPU exited " + exited + " jobs");
    }
}
