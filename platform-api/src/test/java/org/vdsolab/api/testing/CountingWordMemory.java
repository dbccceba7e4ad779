package org.vdsolab.api.testing;

import org.vdsolab.api.memory.WordMemory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link WordMemory} decorator for tests that forwards every access and counts the atomic
 * read-modify-writes (CAS, compare-and-exchange, get-and-add, get-and-set; long and int) and the
 * release stores, in total and per offset, so a test can assert "one getAndAdd per claim" or "one
 * index CAS per batch" by counting, never by timing.
 *
 * <p>Thread-safe: counters are {@link LongAdder}s (per offset, created on first use), so threads may
 * share one instance; a count read while other threads run is a snapshot. {@link #reset()} is for a
 * quiescent moment.
 */
public final class CountingWordMemory extends ForwardingWordMemory {

    private final ConcurrentHashMap<Long, LongAdder> getAndAdds = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, LongAdder> casAttempts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, LongAdder> casSuccesses = new ConcurrentHashMap<>();
    private final LongAdder atomicUpdates = new LongAdder();
    private final LongAdder releaseStores = new LongAdder();

    public CountingWordMemory(WordMemory delegate) {
        super(delegate);
    }

    /** {@code getAndAddLong}/{@code getAndAddInt} calls on the word at {@code offset}. */
    public long getAndAdds(long offset) {
        return sum(getAndAdds, offset);
    }

    /** CAS and compare-and-exchange attempts (long and int, failed ones too) on the word at {@code offset}. */
    public long compareAndSets(long offset) {
        return sum(casAttempts, offset);
    }

    /** CAS and compare-and-exchange calls on the word at {@code offset} that succeeded. */
    public long compareAndSetSuccesses(long offset) {
        return sum(casSuccesses, offset);
    }

    /** Every atomic read-modify-write attempted on any word (CAS, exchange, get-and-add, get-and-set). */
    public long atomicUpdates() {
        return atomicUpdates.sum();
    }

    /** Release stores ({@code setLongRelease}, {@code setIntRelease}) on any word. */
    public long releaseStores() {
        return releaseStores.sum();
    }

    /** Sets every count to zero. */
    public void reset() {
        getAndAdds.clear();
        casAttempts.clear();
        casSuccesses.clear();
        atomicUpdates.reset();
        releaseStores.reset();
    }

    private static long sum(ConcurrentHashMap<Long, LongAdder> map, long offset) {
        LongAdder a = map.get(offset);
        return a == null ? 0 : a.sum();
    }

    private static void count(ConcurrentHashMap<Long, LongAdder> map, long offset) {
        map.computeIfAbsent(offset, k -> new LongAdder()).increment();
    }

    private void countCas(long offset, boolean succeeded) {
        atomicUpdates.increment();
        count(casAttempts, offset);
        if (succeeded) {
            count(casSuccesses, offset);
        }
    }

    private void countGetAndAdd(long offset) {
        atomicUpdates.increment();
        count(getAndAdds, offset);
    }

    @Override public void setLongRelease(long offset, long value) {
        releaseStores.increment();
        delegate.setLongRelease(offset, value);
    }
    @Override public boolean compareAndSetLong(long offset, long expected, long value) {
        boolean done = delegate.compareAndSetLong(offset, expected, value);
        countCas(offset, done);
        return done;
    }
    @Override public long compareAndExchangeLong(long offset, long expected, long value) {
        long seen = delegate.compareAndExchangeLong(offset, expected, value);
        countCas(offset, seen == expected);
        return seen;
    }
    @Override public long getAndAddLong(long offset, long delta) {
        countGetAndAdd(offset);
        return delegate.getAndAddLong(offset, delta);
    }
    @Override public long getAndSetLong(long offset, long value) {
        atomicUpdates.increment();
        return delegate.getAndSetLong(offset, value);
    }
    @Override public void setIntRelease(long offset, int value) {
        releaseStores.increment();
        delegate.setIntRelease(offset, value);
    }
    @Override public boolean compareAndSetInt(long offset, int expected, int value) {
        boolean done = delegate.compareAndSetInt(offset, expected, value);
        countCas(offset, done);
        return done;
    }
    @Override public int getAndAddInt(long offset, int delta) {
        countGetAndAdd(offset);
        return delegate.getAndAddInt(offset, delta);
    }
}
