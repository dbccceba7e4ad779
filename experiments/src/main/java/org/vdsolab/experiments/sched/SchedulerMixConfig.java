package org.vdsolab.experiments.sched;

import org.vdsolab.api.sched.SchedulerSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed parameters of {@code scheduler-mix}; every error names the key, its value and what is
 * allowed. Immutable.
 *
 * @param scheduler   global | percpu | percpu-steal
 * @param spawning    balanced (round robin over the CPUs' queues) | skewed (all on CPU 0)
 * @param cpus        CPU threads
 * @param tasks       tasks spawned per repetition
 * @param bursts      bursts each task runs before it exits (it yields between bursts)
 * @param serviceNanos mean burst length
 * @param exponential exponential (true) or constant (false) burst lengths
 * @param policy      fifo | rr | priority
 * @param queue       run-queue provider
 * @param runQueueCapacity per-CPU run-queue slots
 * @param maxTasks    task table size (tasks alive at once)
 */
record SchedulerMixConfig(String scheduler, boolean skewed, int cpus, long tasks, int bursts, long serviceNanos,
                          boolean exponential, String policy, String queue, int runQueueCapacity, int maxTasks) {

    static final List<String> SCHEDULERS = List.of("global", "percpu", "percpu-steal");

    static Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("scheduler", "global | percpu | percpu-steal (required): one global run queue, per-CPU queues, per-CPU queues with work stealing");
        p.put("spawning", "balanced | skewed (default balanced): spawns spread round robin over the CPUs' queues, or all on CPU 0");
        p.put("cpus", "CPU threads, 1..64 (default 2)");
        p.put("tasks", "tasks spawned per repetition, 1..2^24 (default 100000)");
        p.put("bursts", "bursts each task runs before it exits, yielding in between, 1..1000 (default 4)");
        p.put("service_us", "mean burst length in microseconds, 0..100000 (default 5)");
        p.put("service", "constant | exponential (default exponential): burst length distribution");
        p.put("policy", "fifo | rr | priority (default fifo); rr and priority need a double-ended queue");
        p.put("queue", "run-queue provider (default vsched); disruptor serves fifo only");
        p.put("run_queue_capacity", "per-CPU run-queue slots, a power of two (default 256, as Go and Tokio)");
        p.put("max_tasks", "task table size: tasks alive at once (default 1024); the spawner waits while it is full");
        return p;
    }

    static SchedulerMixConfig parse(Map<String, String> params) {
        String scheduler = params.get("scheduler");
        if (scheduler == null) throw new IllegalArgumentException("missing parameter 'scheduler': one of " + SCHEDULERS);
        if (!SCHEDULERS.contains(scheduler)) {
            throw new IllegalArgumentException("parameter 'scheduler' must be one of " + SCHEDULERS + ", got '" + scheduler + "'");
        }
        String spawning = oneOf(params, "spawning", "balanced", List.of("balanced", "skewed"));
        String service = oneOf(params, "service", "exponential", List.of("constant", "exponential"));
        String policy = oneOf(params, "policy", "fifo", SchedulerSpec.POLICIES);
        SchedulerMixConfig c = new SchedulerMixConfig(scheduler, spawning.equals("skewed"), (int) number(params, "cpus", 2, 1, 64),
                number(params, "tasks", 100_000, 1, 1 << 24), (int) number(params, "bursts", 4, 1, 1000),
                number(params, "service_us", 5, 0, 100_000) * 1000, service.equals("exponential"), policy,
                params.getOrDefault("queue", SchedulerSpec.DEFAULT_QUEUE_PROVIDER),
                (int) number(params, "run_queue_capacity", 256, 2, 1 << 24), (int) number(params, "max_tasks", 1024, 1, 1 << 24));
        if (Integer.bitCount(c.runQueueCapacity) != 1) {
            throw new IllegalArgumentException("parameter 'run_queue_capacity' must be a power of two, got " + c.runQueueCapacity);
        }
        c.spec();   // the spec's own checks, e.g. the queue provider's capabilities, are made by the provider at creation
        return c;
    }

    SchedulerSpec spec() {
        boolean perCpu = !scheduler.equals("global");
        return new SchedulerSpec(cpus, maxTasks, runQueueCapacity, policy, perCpu, scheduler.equals("percpu-steal"), 5, 4, queue,
                cpus + 1);
    }

    String describe() {
        return "scheduler=" + scheduler + " spawning=" + (skewed ? "skewed" : "balanced") + " cpus=" + cpus + " tasks=" + tasks
                + " policy=" + policy + " queue=" + queue;
    }

    private static String oneOf(Map<String, String> params, String key, String dflt, List<String> allowed) {
        String v = params.getOrDefault(key, dflt);
        if (!allowed.contains(v)) {
            throw new IllegalArgumentException("parameter '" + key + "' must be one of " + allowed + ", got '" + v + "'");
        }
        return v;
    }

    private static long number(Map<String, String> params, String key, long dflt, long min, long max) {
        String v = params.get(key);
        if (v == null) return dflt;
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter '" + key + "' must be a whole number in [" + min + ", " + max + "], got '" + v + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("parameter '" + key + "' must be in [" + min + ", " + max + "], got " + n);
        }
        return n;
    }
}
