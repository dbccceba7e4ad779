package org.vdsolab.experiments.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's scheduling hand-offs with empty task bodies, one thread, in nanoseconds per hand-off:
 * the peers of {@link SchedulerBench}, measured the same way.
 * <ul>
 *   <li>{@code forkJoin}: from inside a {@link ForkJoinPool} worker, fork an empty task (a push
 *       onto the worker's own deque) and join it (pop it and run it): the fast path of a
 *       work-stealing pool, the counterpart of spawn, pickNext and exit. Timed over
 *       {@value #FORK_JOIN_BATCH} hand-offs per entry into the pool, so the entry is amortised.</li>
 *   <li>{@code executorQueue}: offer an empty task to an {@link ArrayBlockingQueue}, take it and
 *       run it: the queue hand-off of a ThreadPoolExecutor over that queue, without the
 *       executor's threads (their wake-ups are not a scheduling operation).</li>
 * </ul>
 * Both reuse one task object, so neither allocates per hand-off.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class SchedulerPeerBench {

    /** Hand-offs per {@link #forkJoin} invocation: enough to hide the cost of entering the pool. */
    static final int FORK_JOIN_BATCH = 1024;

    private ForkJoinPool pool;
    private ForkJoinHandOffs handOffs;
    private final ArrayBlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(SchedulerBench.MAX_TASKS);
    private final Runnable empty = () -> { };

    @Setup(Level.Trial)
    public void open() {
        pool = new ForkJoinPool(1);
        handOffs = new ForkJoinHandOffs();
    }

    @TearDown(Level.Trial)
    public void close() {
        pool.shutdownNow();
    }

    /** From inside a worker: fork (push on the worker's deque) and join (pop and run) an empty task. */
    static final class ForkJoinHandOffs extends RecursiveAction {
        private final EmptyTask task = new EmptyTask();
        long done;

        @Override
        protected void compute() {
            for (int i = 0; i < FORK_JOIN_BATCH; i++) {
                task.reinitialize();
                task.fork();
                task.join();
            }
            done += FORK_JOIN_BATCH;
        }
    }

    /** The empty task body. */
    static final class EmptyTask extends RecursiveAction {
        @Override
        protected void compute() {
            // nothing: the benchmark measures the hand-off
        }
    }

    @Benchmark
    @OperationsPerInvocation(FORK_JOIN_BATCH)
    public long forkJoin() {
        handOffs.reinitialize();
        pool.invoke(handOffs);
        return handOffs.done;
    }

    @Benchmark
    public boolean executorQueue() throws InterruptedException {
        boolean offered = queue.offer(empty);
        queue.take().run();
        return offered;
    }
}
