package org.vdsolab.experiments.workloads;

import org.vdsolab.api.liveness.OwnerToken;
import org.vdsolab.api.workload.WorkloadContext;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code mode: threads}: every party is a daemon thread of this JVM with its own attached queue
 * handle (a user domain in-JVM). Consumers record latency into the runner's per-thread recorders.
 * A thread stuck inside a queue operation after an abort cannot be stopped; it is left as a daemon
 * and fails on its next access once the region is unmapped.
 */
final class ThreadStressParties implements StressParties {

    private static final long JOIN_MILLIS = 5_000;

    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<String> failure = new AtomicReference<>();

    ThreadStressParties(StressConfig config, StressRegion region, WorkloadContext context) {
        for (int i = 0; i < config.producers(); i++) {
            StressProducer p = new StressProducer(config, region, region.attachQueue(config.cpuOf(i)), i, OwnerToken.NONE);
            threads.add(new Thread(p, "queue-stress-producer-" + i));
        }
        for (int j = 0; j < config.consumers(); j++) {
            int id = j;
            threads.add(new Thread(() -> new StressConsumer(config, region, region.attachQueue(config.cpuOf(id)), id,
                    context.latencyRecorder(), OwnerToken.NONE).run(), "queue-stress-consumer-" + j));
        }
        for (Thread t : threads) {
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((thread, e) -> failure.compareAndSet(null, thread.getName() + " failed: " + e));
            t.start();
        }
    }

    @Override
    public String failure() {
        return failure.get();
    }

    @Override
    public void finish() throws InterruptedException {
        for (Thread t : threads) {
            t.join(JOIN_MILLIS);
        }
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
    }

    @Override
    public void close() {
        for (Thread t : threads) {
            try {
                t.join(JOIN_MILLIS / threads.size() + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
