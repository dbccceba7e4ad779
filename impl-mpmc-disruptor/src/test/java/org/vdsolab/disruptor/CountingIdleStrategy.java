package org.vdsolab.disruptor;

import org.vdsolab.api.idle.IdleStrategy;

import java.util.concurrent.atomic.AtomicLong;

/** An idle strategy that yields and counts its calls, readable from another thread. */
final class CountingIdleStrategy implements IdleStrategy {

    final AtomicLong idles = new AtomicLong();
    final AtomicLong resets = new AtomicLong();

    @Override
    public void idle() {
        idles.incrementAndGet();
        Thread.yield();
    }

    @Override
    public void reset() {
        resets.incrementAndGet();
    }
}
