package org.vdsolab.experiments.sched;

import org.vdsolab.experiments.runner.results.CellSummary;
import org.vdsolab.api.memory.SegmentWordMemory;
import org.vdsolab.api.sched.SchedulerHandle;
import org.vdsolab.api.sched.SchedulerProvider;
import org.vdsolab.api.sched.SharedScheduler;
import org.vdsolab.api.spi.Providers;
import org.vdsolab.api.workload.LatencyRecorder;
import org.vdsolab.api.workload.WorkloadContext;
import org.vdsolab.api.workload.WorkloadProvider;
import org.vdsolab.api.workload.WorkloadResult;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code scheduler-mix}: the discrete scheduler driver (Q6). The {@code multiqueue}
 * scheduler lives in shared memory (an off-heap segment of this JVM); CPU threads pick tasks, run
 * each pick as one burst (a busy spin of a constant or exponential service time), tick, and yield
 * until the task has run its {@code bursts}, then exit it. One spawner thread (a user domain)
 * spawns {@code tasks} tasks, balanced over the CPUs' queues or all on CPU 0, waiting while the
 * table is full. The owner-domain word of each task carries its job number.
 *
 * <p>Latency: ready to running (every pick's wait). Operations: tasks completed. Counters:
 * {@code tasks_spawned}, {@code tasks_completed}, {@code tasks_lost} (spawned, never completed),
 * {@code tasks_run_twice} (completed more than once), {@code steals} (tasks moved by stealing),
 * {@code jain_index} (Jain's fairness index over the tasks' CPU shares, service time received over
 * time alive, in per mille since counters are whole numbers: 1000 = perfectly fair) and
 * {@code bursts_run}. A run that cannot finish within 60 s + 20 µs per burst fails naming the cell.
 * Stateless and thread-safe.
 */
public final class SchedulerMixWorkload implements WorkloadProvider {

    @Override public String name() { return "scheduler-mix"; }

    @Override public String description() {
        return "CPU threads run tasks of the shared multiqueue scheduler as service-time bursts; scheduling latency, fairness, steals";
    }

    @Override public Map<String, String> parameters() {
        return SchedulerMixConfig.parameters();
    }

    @Override public void validate(Map<String, String> params) {
        SchedulerMixConfig c = SchedulerMixConfig.parse(params);
        Providers.find(SchedulerProvider.class, "multiqueue").footprint(c.spec());
    }

    @Override public WorkloadResult run(WorkloadContext context) throws Exception {
        SchedulerMixConfig c = SchedulerMixConfig.parse(context.params());
        SchedulerProvider provider = Providers.find(SchedulerProvider.class, "multiqueue");
        try (Arena arena = Arena.ofShared()) {
            var memory = new SegmentWordMemory(arena.allocate(provider.footprint(c.spec()), 4096));
            SharedScheduler scheduler = provider.create(memory, 0, c.spec());
            return new Run(c, scheduler, context).execute();
        }
    }

    /** One repetition's state: per-job accounting arrays and the parties. */
    private static final class Run {
        private final SchedulerMixConfig c;
        private final SharedScheduler scheduler;
        private final WorkloadContext context;
        private final int jobs;
        private final long[] spawnedAt;
        private final long[] serviceNanos;
        private final long[] exitedAt;
        private final int[] burstsLeft;
        private final AtomicIntegerArray completions;
        private final AtomicLong spawned = new AtomicLong();
        private final AtomicLong completed = new AtomicLong();
        private final AtomicLong bursts = new AtomicLong();
        private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        private final long deadline;
        private volatile boolean stop;

        Run(SchedulerMixConfig c, SharedScheduler scheduler, WorkloadContext context) {
            this.c = c;
            this.scheduler = scheduler;
            this.context = context;
            this.jobs = (int) c.tasks();
            spawnedAt = new long[jobs];
            serviceNanos = new long[jobs];
            exitedAt = new long[jobs];
            burstsLeft = new int[jobs];
            completions = new AtomicIntegerArray(jobs);
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60) + 20_000L * c.tasks() * c.bursts();
        }

        WorkloadResult execute() throws InterruptedException {
            List<Thread> threads = new ArrayList<>();
            long start = System.nanoTime();
            for (int cpu = 0; cpu < c.cpus(); cpu++) {
                int id = cpu;
                threads.add(Thread.ofPlatform().name("sched-cpu-" + cpu).start(() -> guarded(() -> runCpu(id))));
            }
            threads.add(Thread.ofPlatform().name("sched-spawner").start(() -> guarded(this::spawnAll)));
            for (Thread t : threads) t.join();
            long elapsed = System.nanoTime() - start;
            if (!failures.isEmpty()) {
                Throwable f = failures.peek();
                throw new IllegalStateException("scheduler-mix (" + c.describe() + "): " + f.getMessage(), f);
            }
            return new WorkloadResult(completed.get(), elapsed, counters());
        }

        private void guarded(Runnable body) {
            try {
                body.run();
            } catch (Throwable e) {
                failures.add(e);
                stop = true;
            }
        }

        private void spawnAll() {
            SchedulerHandle h = scheduler.handle(c.cpus());
            SplittableRandom rng = new SplittableRandom(context.seed());
            boolean priorities = c.policy().equals("priority");
            for (int job = 0; job < jobs && !stop; job++) {
                int cpu = c.skewed() ? 0 : job % c.cpus();
                burstsLeft[job] = c.bursts();
                spawnedAt[job] = System.nanoTime();
                int priority = priorities ? rng.nextInt(scheduler.spec().priorityLevels()) : 0;
                // The arrays above are published to the CPU that picks the job by the run queue's release/acquire.
                while (h.spawn(job, priority, SharedScheduler.ANY_CPU, cpu) == SharedScheduler.NO_TASK) {
                    checkDeadline("spawner");
                    Thread.yield();
                }
                spawned.incrementAndGet();
            }
        }

        private void runCpu(int cpu) {
            SchedulerHandle h = scheduler.handle(cpu);
            LatencyRecorder latency = context.latencyRecorder();
            SplittableRandom rng = new SplittableRandom(context.seed() * 31 + cpu);
            long mean = c.serviceNanos();
            while (completed.get() < jobs && !stop) {
                int task = h.pickNext(cpu);
                if (task == SharedScheduler.NO_TASK) {
                    checkDeadline("cpu " + cpu);
                    Thread.yield();
                    continue;
                }
                latency.record(h.lastWaitNanos());
                int job = scheduler.ownerDomain(task);
                long burst = c.exponential() ? (long) (-Math.log(1 - rng.nextDouble()) * mean) : mean;
                spin(burst);
                serviceNanos[job] += burst;
                bursts.incrementAndGet();
                h.tick(task, cpu);
                if (--burstsLeft[job] > 0) {
                    h.yield(task, cpu);
                } else {
                    exitedAt[job] = System.nanoTime();
                    completions.incrementAndGet(job);
                    h.exit(task);
                    completed.incrementAndGet();
                }
            }
        }

        private static void spin(long nanos) {
            long end = System.nanoTime() + nanos;
            while (System.nanoTime() - end < 0) {
                Thread.onSpinWait();
            }
        }

        private void checkDeadline(String who) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(who + " passed the run's deadline with " + completed.get() + " of " + jobs
                        + " tasks completed");
            }
        }

        private Map<String, Long> counters() {
            long distinct = 0, twice = 0;
            double sum = 0, sumSquares = 0;
            for (int job = 0; job < jobs; job++) {
                int n = completions.get(job);
                if (n > 0) distinct++;
                if (n > 1) twice++;
                if (n > 0) {
                    double share = (double) serviceNanos[job] / Math.max(1, exitedAt[job] - spawnedAt[job]);
                    sum += share;
                    sumSquares += share * share;
                }
            }
            double jain = sumSquares == 0 ? 1 : sum * sum / (distinct * sumSquares);
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("tasks_spawned", spawned.get());
            m.put("tasks_completed", completed.get());
            m.put("tasks_lost", spawned.get() - distinct);
            m.put("tasks_run_twice", twice);
            m.put("jain_index", Math.round(jain * 1000));
            m.put("steals", scheduler.steals());
            m.put("bursts_run", bursts.get());
            m.put(CellSummary.PARTIES, c.cpus() + 1L); // a thread per simulated CPU and the spawner
            return m;
        }
    }
}
