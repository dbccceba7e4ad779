package org.vdsolab.disruptor;

import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Waits for a condition another thread will make true; a generous hang guard, not a timing assertion. */
final class Await {

    static final long GUARD_NANOS = 30_000_000_000L;

    private Await() { }

    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + GUARD_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("gave up waiting (hang guard) for: " + what);
            }
            Thread.yield();
        }
    }

    static void join(Thread t) throws InterruptedException {
        t.join(GUARD_NANOS / 1_000_000);
        if (t.isAlive()) {
            fail("thread " + t.getName() + " did not finish (hang guard)");
        }
    }
}
