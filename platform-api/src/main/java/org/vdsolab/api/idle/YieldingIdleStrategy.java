package org.vdsolab.api.idle;

/**
 * Waits by {@link Thread#yield()}: gives the core to another runnable thread (for example the
 * consumer this producer is waiting for) without sleeping. A good choice when parties outnumber
 * cores and latency still matters.
 *
 * <p>Stateless; each waiting party (queue handle, kernel poller) nevertheless gets its own instance.
 */
public final class YieldingIdleStrategy implements IdleStrategy {

    @Override
    public void idle() {
        Thread.yield();
    }

    @Override
    public void reset() {
        // No state to forget.
    }

    @Override
    public String toString() {
        return "yield";
    }
}
