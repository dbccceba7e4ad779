package org.vdsolab.api.vdso.loader;

import org.vdsolab.api.loader.DomainRun;
import org.vdsolab.api.loader.DomainTaskException;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A task running on a thread of an in-JVM domain. Thread-safe. */
final class ThreadRun implements DomainRun {

    private final String domain;
    private final String task;
    private final Thread thread;
    private final CompletableFuture<Map<String, Long>> result;

    ThreadRun(String domain, String task, Thread thread, CompletableFuture<Map<String, Long>> result) {
        this.domain = domain;
        this.task = task;
        this.thread = thread;
        this.result = result;
    }

    @Override public String domain() { return domain; }

    @Override public boolean isDone() { return result.isDone(); }

    @Override
    public Map<String, Long> await(Duration timeout) throws InterruptedException {
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new DomainTaskException(domain, "task " + task + " in domain '" + domain + "' failed: " + cause, cause);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new DomainTaskException(domain, "task " + task + " in domain '" + domain + "' did not finish within "
                    + timeout.toMillis() + " ms; its thread was interrupted");
        }
    }
}
