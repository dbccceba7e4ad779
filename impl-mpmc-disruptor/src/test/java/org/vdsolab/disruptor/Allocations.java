package org.vdsolab.disruptor;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Counts the bytes the current thread allocates while running an action, with the JVM's
 * per-thread allocation counter (com.sun.management.ThreadMXBean): a counting check, not timing.
 */
final class Allocations {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocations() { }

    static long bytesAllocatedBy(Runnable action) {
        long id = Thread.currentThread().threadId();
        // A first call, so that whatever the counter allocates for itself is out of the measurement.
        THREADS.getThreadAllocatedBytes(id);
        long before = THREADS.getThreadAllocatedBytes(id);
        action.run();
        return THREADS.getThreadAllocatedBytes(id) - before;
    }

    /**
     * Runs {@code action} {@code warmUps} times, then asserts that {@code iterations} more runs
     * allocate less than {@code slackBytes} in total: far below one object per iteration.
     */
    static void assertAllocationFree(String what, int warmUps, int iterations, long slackBytes, Runnable action) {
        assertTrue(THREADS.isThreadAllocatedMemorySupported(), "this JVM cannot count allocations");
        for (int i = 0; i < warmUps; i++) {
            action.run();
        }
        long bytes = bytesAllocatedBy(() -> {
            for (int i = 0; i < iterations; i++) {
                action.run();
            }
        });
        assertTrue(bytes < slackBytes, what + " allocated " + bytes + " bytes over " + iterations + " calls");
    }
}
