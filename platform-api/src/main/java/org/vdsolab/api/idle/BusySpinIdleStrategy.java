package org.vdsolab.api.idle;

/**
 * Waits by spinning with {@link Thread#onSpinWait()} (x86 {@code PAUSE}): the lowest wake-up
 * latency, at the price of a whole core while waiting. Only sensible when every waiting thread
 * has a core of its own.
 *
 * <p>Stateless, so one instance could be shared, but each waiting party (queue handle, kernel
 * poller) still gets its own, to keep one rule for every strategy.
 */
public final class BusySpinIdleStrategy implements IdleStrategy {

    @Override
    public void idle() {
        Thread.onSpinWait();
    }

    @Override
    public void reset() {
        // No state to forget.
    }

    @Override
    public String toString() {
        return "busy-spin";
    }
}
