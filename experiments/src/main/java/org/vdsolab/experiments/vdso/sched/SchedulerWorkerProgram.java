package org.vdsolab.experiments.vdso.sched;

import org.vdsolab.api.loader.Domain;
import org.vdsolab.api.loader.DomainTask;

import java.util.HashMap;
import java.util.Map;

/**
 * A domain's program for the {@code scheduler} library: binds it, then acts as CPU {@code cpu}:
 * spawns {@code spawn} tasks owned by {@code owner} onto that CPU's queue, running (pick, exit) one
 * task after every second spawn and whenever the task table is full, then keeps running tasks
 * until no pick has found one for {@code idle_ms}. Results: {@code spawned}, {@code ran} and
 * {@code ran_owner_<d>} for d in [0, 4) (tasks this CPU ran, by the owner read while it was
 * RUNNING). Runs unchanged in the kernel, an in-JVM user domain or a process domain.
 */
public final class SchedulerWorkerProgram implements DomainTask {

    /** Owner domains counted separately; others are counted in {@code ran} only. */
    public static final int OWNERS = 4;

    @Override
    public Map<String, Long> run(Domain self, Map<String, String> args) {
        int owner = Integer.parseInt(args.get("owner"));
        int cpu = Integer.parseInt(args.get("cpu"));
        int spawn = Integer.parseInt(args.get("spawn"));
        long idleNanos = Long.parseLong(args.getOrDefault("idle_ms", "200")) * 1_000_000L;
        TaskScheduler s = self.bind(TaskScheduler.class);
        long[] ranByOwner = new long[OWNERS];
        long spawned = 0;
        while (spawned < spawn) {
            if (s.spawn(owner, cpu) == TaskScheduler.NO_TASK) {
                if (!runOne(s, cpu, ranByOwner)) {
                    Thread.onSpinWait();
                }
                continue;
            }
            spawned++;
            if ((spawned & 1) == 0) {
                runOne(s, cpu, ranByOwner);
            }
        }
        long idleSince = System.nanoTime();
        while (System.nanoTime() - idleSince < idleNanos) {
            if (runOne(s, cpu, ranByOwner)) {
                idleSince = System.nanoTime();
            } else {
                Thread.onSpinWait();
            }
        }
        Map<String, Long> out = new HashMap<>();
        long ran = 0;
        for (int d = 0; d < OWNERS; d++) {
            out.put("ran_owner_" + d, ranByOwner[d]);
            ran += ranByOwner[d];
        }
        out.put("spawned", spawned);
        out.put("ran", ran);
        return out;
    }

    /** Picks one task on {@code cpu}, counts it by owner and exits it; false if there was none. */
    static boolean runOne(TaskScheduler s, int cpu, long[] ranByOwner) {
        int task = s.pickNext(cpu);
        if (task == TaskScheduler.NO_TASK) {
            return false;
        }
        int owner = s.ownerDomain(task);
        if (owner >= 0 && owner < ranByOwner.length) {
            ranByOwner[owner]++;
        } else {
            throw new IllegalStateException("task " + task + " has owner domain " + owner + ", outside [0, " + ranByOwner.length + ")");
        }
        s.exit(task);
        return true;
    }
}
