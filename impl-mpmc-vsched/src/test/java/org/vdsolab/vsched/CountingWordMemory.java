package org.vdsolab.vsched;

import org.vdsolab.api.memory.WordMemory;

import java.lang.foreign.MemorySegment;

/**
 * A {@link WordMemory} that forwards to another and counts the atomic read-modify-writes: every
 * CAS attempt, and the successful CASes on one watched word. Single-thread tests only.
 */
final class CountingWordMemory implements WordMemory {

    private final WordMemory inner;
    private final long watched;
    long casAttempts;
    long watchedCasSuccesses;
    long releaseStores;

    CountingWordMemory(WordMemory inner, long watchedOffset) {
        this.inner = inner;
        this.watched = watchedOffset;
    }

    void reset() {
        casAttempts = 0;
        watchedCasSuccesses = 0;
        releaseStores = 0;
    }

    @Override public long byteSize() { return inner.byteSize(); }
    @Override public MemorySegment segment() { return inner.segment(); }
    @Override public long getLong(long offset) { return inner.getLong(offset); }
    @Override public void setLong(long offset, long value) { inner.setLong(offset, value); }
    @Override public long getLongAcquire(long offset) { return inner.getLongAcquire(offset); }
    @Override public void setLongRelease(long offset, long value) {
        releaseStores++;
        inner.setLongRelease(offset, value);
    }
    @Override public long getLongVolatile(long offset) { return inner.getLongVolatile(offset); }
    @Override public void setLongVolatile(long offset, long value) { inner.setLongVolatile(offset, value); }
    @Override public boolean compareAndSetLong(long offset, long expected, long value) {
        casAttempts++;
        boolean done = inner.compareAndSetLong(offset, expected, value);
        if (done && offset == watched) {
            watchedCasSuccesses++;
        }
        return done;
    }
    @Override public long compareAndExchangeLong(long offset, long expected, long value) {
        casAttempts++;
        long seen = inner.compareAndExchangeLong(offset, expected, value);
        if (seen == expected && offset == watched) {
            watchedCasSuccesses++;
        }
        return seen;
    }
    @Override public long getAndAddLong(long offset, long delta) {
        casAttempts++;
        return inner.getAndAddLong(offset, delta);
    }
    @Override public long getAndSetLong(long offset, long value) {
        casAttempts++;
        return inner.getAndSetLong(offset, value);
    }
    @Override public int getInt(long offset) { return inner.getInt(offset); }
    @Override public void setInt(long offset, int value) { inner.setInt(offset, value); }
    @Override public int getIntAcquire(long offset) { return inner.getIntAcquire(offset); }
    @Override public void setIntRelease(long offset, int value) { inner.setIntRelease(offset, value); }
    @Override public int getIntVolatile(long offset) { return inner.getIntVolatile(offset); }
    @Override public void setIntVolatile(long offset, int value) { inner.setIntVolatile(offset, value); }
    @Override public boolean compareAndSetInt(long offset, int expected, int value) {
        casAttempts++;
        return inner.compareAndSetInt(offset, expected, value);
    }
    @Override public int getAndAddInt(long offset, int delta) {
        casAttempts++;
        return inner.getAndAddInt(offset, delta);
    }
    @Override public void copyIn(long offset, MemorySegment src, long srcOffset, long bytes) { inner.copyIn(offset, src, srcOffset, bytes); }
    @Override public void copyOut(long offset, MemorySegment dst, long dstOffset, long bytes) { inner.copyOut(offset, dst, dstOffset, bytes); }
    @Override public void copyWithin(long fromOffset, long toOffset, long bytes) { inner.copyWithin(fromOffset, toOffset, bytes); }
    @Override public void zero(long offset, long bytes) { inner.zero(offset, bytes); }
}
