package org.vdsolab.experiments.testing;

import org.vdsolab.api.testing.StallGuard;
import org.vdsolab.api.workload.WorkloadResult;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One workload repetition running on a daemon thread while the test does something to it from
 * outside (kills a child, watches its region): the test waits for events of the run with
 * {@link #await}, then takes the {@link #result}. Waits are on events with the hang guard's
 * bounds, never on elapsed time alone. Not thread-safe: used by the test's own thread.
 */
public final class WorkloadUnderTest {

    /** How long the whole repetition may take once the test has done its part. */
    public static final Duration RUN_BOUND = Duration.ofMinutes(5);

    private final FutureTask<WorkloadResult> run;

    private WorkloadUnderTest(FutureTask<WorkloadResult> run) {
        this.run = run;
    }

    /** Starts {@code body} (one {@code WorkloadProvider.run}) on a daemon thread named {@code name}. */
    public static WorkloadUnderTest start(String name, Callable<WorkloadResult> body) {
        FutureTask<WorkloadResult> run = new FutureTask<>(body);
        Thread.ofPlatform().daemon().name(name).start(run);
        return new WorkloadUnderTest(run);
    }

    /**
     * Polls until {@code event} is present and returns it; fails when the run ends first (naming
     * its counters) or after {@link StallGuard#EVENT_BOUND}.
     */
    public <T> T await(String what, Supplier<Optional<T>> event) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + StallGuard.EVENT_BOUND.toNanos();
        while (true) {
            Optional<T> v = event.get();
            if (v.isPresent()) {
                return v.get();
            }
            if (run.isDone()) {
                throw new AssertionError("the run ended before " + what + ": " + run.get().counters());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no " + what + " within " + StallGuard.EVENT_BOUND.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
    }

    /** The repetition's result; fails if it does not end within {@link #RUN_BOUND}. */
    public WorkloadResult result() throws InterruptedException, ExecutionException {
        try {
            return run.get(RUN_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the run did not end within " + RUN_BOUND.toMinutes() + " min", e);
        }
    }
}
