package org.vdsolab.api.loader;

import java.time.Duration;
import java.util.Map;

/**
 * A {@link DomainTask} started in a domain. Thread-safe.
 */
public interface DomainRun {

    /** The domain the task runs in. */
    String domain();

    /** True once the task has finished, successfully or not. */
    boolean isDone();

    /**
     * Waits for the task and returns its results.
     *
     * @throws DomainTaskException if the task threw, its process failed, or it did not finish within
     *                             {@code timeout} (a process is then killed, a thread interrupted);
     *                             the message names the domain and the task, and for a process the
     *                             tail of its stderr
     * @throws InterruptedException if the waiting thread is interrupted
     */
    Map<String, Long> await(Duration timeout) throws InterruptedException;
}
