package org.vdsolab.experiments.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.vdsolab.api.memory.SegmentWordMemory;
import org.vdsolab.api.sched.SchedulerHandle;
import org.vdsolab.api.sched.SchedulerProvider;
import org.vdsolab.api.sched.SchedulerSpec;
import org.vdsolab.api.sched.SharedScheduler;
import org.vdsolab.api.spi.Providers;

import java.lang.foreign.Arena;
import java.util.concurrent.TimeUnit;

/**
 * The shared scheduler's own cost, with empty task bodies, one thread: nanoseconds per scheduling
 * hand-off, to set beside {@link SchedulerPeerBench}'s. Single-threaded on purpose, like
 * {@link BatchBench}: it measures the operations, not contention or thread wake-ups (which Q6
 * shows).
 * <ul>
 *   <li>{@code spawnPickExit}: {@code spawn} a task onto a run queue, {@code pickNext} it, {@code
 *       exit} it (its record back on the free list): a task's whole life.</li>
 *   <li>{@code blockUnblockPick}: the running task {@code block}s, an {@code unblock} (the io_uring
 *       completion hook) makes it READY, {@code pickNext} runs it again: one wake-up.</li>
 * </ul>
 * {@code scheduler} is the multi-queue scheduler on 2 CPUs with FIFO run queues on the
 * {@code vsched} deque: {@code global} (one run queue), {@code percpu} (spawn and pick on CPU 0),
 * {@code percpu-steal} (spawn or wake on CPU 1, pick on CPU 0, so every pick is a steal).
 * {@link SchedulerPeerBench} does the same hand-offs with the JDK's pools. Nothing here allocates
 * per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class SchedulerBench {

    private static final int CPUS = 2;
    static final int MAX_TASKS = 1024;

    @Param({"global", "percpu", "percpu-steal"})
    public String scheduler;

    private Arena arena;
    private SchedulerHandle handle;
    /** The CPU tasks are spawned or woken on, and the CPU that picks them. */
    private int target;
    private int picker;
    /** The task {@link #blockUnblockPick} keeps cycling; RUNNING between invocations. */
    private int running;

    @Setup(Level.Trial)
    public void open() {
        SchedulerSpec spec = switch (scheduler) {
            case "global" -> SchedulerSpec.of(CPUS, MAX_TASKS, "fifo", false, false);
            case "percpu" -> SchedulerSpec.of(CPUS, MAX_TASKS, "fifo", true, false);
            case "percpu-steal" -> SchedulerSpec.of(CPUS, MAX_TASKS, "fifo", true, true);
            default -> throw new IllegalArgumentException("scheduler: allowed global, percpu, percpu-steal; got '"
                    + scheduler + "'");
        };
        picker = 0;
        target = switch (scheduler) {
            case "global" -> SharedScheduler.ANY_CPU;
            case "percpu" -> 0;
            default -> 1;
        };
        SchedulerProvider provider = Providers.find(SchedulerProvider.class, "multiqueue");
        arena = Arena.ofShared();
        SharedScheduler s = provider.create(new SegmentWordMemory(arena.allocate(provider.footprint(spec), 4096)), 0, spec);
        handle = s.handle(0);
        running = handle.spawn(0, 0, SharedScheduler.ANY_CPU, target);
        int picked = handle.pickNext(picker);
        if (running == SharedScheduler.NO_TASK || picked != running) {
            throw new IllegalStateException("scheduler '" + scheduler + "': spawned " + running + " but picked " + picked);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        arena.close();
    }

    @Benchmark
    public int spawnPickExit() {
        int task = handle.spawn(0, 0, SharedScheduler.ANY_CPU, target);
        int picked = handle.pickNext(picker);
        if (picked != task) {
            throw new IllegalStateException("scheduler '" + scheduler + "': spawned " + task + " but picked " + picked);
        }
        handle.exit(picked);
        return picked;
    }

    @Benchmark
    public int blockUnblockPick() {
        int task = running;
        if (!handle.block(task) || !handle.unblock(task, target)) {
            throw new IllegalStateException("scheduler '" + scheduler + "': task " + task + " did not block and wake");
        }
        int picked = handle.pickNext(picker);
        if (picked != task) {
            throw new IllegalStateException("scheduler '" + scheduler + "': woke " + task + " but picked " + picked);
        }
        return picked;
    }
}
