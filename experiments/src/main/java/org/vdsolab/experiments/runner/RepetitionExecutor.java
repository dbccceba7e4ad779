package org.vdsolab.experiments.runner;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one repetition on a thread of its own so the runner can give up on it after the timeout
 * (a livelocked queue must not hang the whole experiment). The thread is a daemon: a repetition
 * that ignores interruption cannot keep the JVM alive after the runner is done. Stateless.
 */
final class RepetitionExecutor {

    private RepetitionExecutor() { }

    /**
     * @param timeoutNanos 0 for no limit
     * @return what {@code task} returned
     * @throws RepetitionTimeoutException when the time is up (the thread is interrupted and left)
     * @throws Exception                  whatever {@code task} threw
     */
    static <T> T run(Callable<T> task, long timeoutNanos, String threadName) throws Exception {
        FutureTask<T> future = new FutureTask<>(task);
        Thread thread = new Thread(future, threadName);
        thread.setDaemon(true);
        thread.start();
        try {
            return timeoutNanos == 0 ? future.get() : future.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new RepetitionTimeoutException("did not finish within " + formatSeconds(timeoutNanos)
                    + " (run.timeout_s); its threads were interrupted but may still be running");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        } catch (InterruptedException e) {
            thread.interrupt();
            throw e;
        }
    }

    private static String formatSeconds(long nanos) {
        double s = nanos / 1e9;
        return s == Math.rint(s) ? (long) s + " s" : s + " s";
    }
}
