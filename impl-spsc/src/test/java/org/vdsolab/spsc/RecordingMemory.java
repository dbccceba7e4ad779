package org.vdsolab.spsc;

import org.vdsolab.api.memory.WordMemory;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * A WordMemory decorator for tests that records every write (stores, CAS, RMW, copies into
 * memory, fills) as (offset, length) and every word load by offset, so a test can count how often a given shared word was
 * stored. Not thread-safe: single-threaded tests only.
 */
final class RecordingMemory implements WordMemory {

    /** One write: {@code length} bytes at {@code offset}. */
    record Write(long offset, long length) {
        boolean covers(long word, long wordBytes) {
            return offset < word + wordBytes && word < offset + length;
        }
    }

    private final WordMemory delegate;
    private final List<Write> writes = new ArrayList<>();
    private final List<Long> reads = new ArrayList<>();

    RecordingMemory(WordMemory delegate) {
        this.delegate = delegate;
    }

    List<Write> writes() { return writes; }

    /** Offsets of every word read (loads of any mode; copies out are not words and are not listed). */
    List<Long> reads() { return reads; }

    void clear() {
        writes.clear();
        reads.clear();
    }

    /** How many recorded writes touched the {@code wordBytes}-byte word at {@code offset}. */
    long writesTo(long offset, long wordBytes) {
        return writes.stream().filter(w -> w.covers(offset, wordBytes)).count();
    }

    /** How many recorded writes touched {@code [from, to)}. */
    long writesWithin(long from, long to) {
        return writes.stream().filter(w -> w.offset() < to && from < w.offset() + w.length()).count();
    }

    private void log(long offset, long length) { writes.add(new Write(offset, length)); }

    @Override public long byteSize() { return delegate.byteSize(); }
    @Override public MemorySegment segment() { return delegate.segment(); }
    @Override public long getLong(long offset) { reads.add(offset); return delegate.getLong(offset); }
    @Override public void setLong(long offset, long value) { log(offset, 8); delegate.setLong(offset, value); }
    @Override public long getLongAcquire(long offset) { reads.add(offset); return delegate.getLongAcquire(offset); }
    @Override public void setLongRelease(long offset, long value) { log(offset, 8); delegate.setLongRelease(offset, value); }
    @Override public long getLongVolatile(long offset) { reads.add(offset); return delegate.getLongVolatile(offset); }
    @Override public void setLongVolatile(long offset, long value) { log(offset, 8); delegate.setLongVolatile(offset, value); }
    @Override public boolean compareAndSetLong(long offset, long expected, long value) {
        log(offset, 8);
        return delegate.compareAndSetLong(offset, expected, value);
    }
    @Override public long compareAndExchangeLong(long offset, long expected, long value) {
        log(offset, 8);
        return delegate.compareAndExchangeLong(offset, expected, value);
    }
    @Override public long getAndAddLong(long offset, long delta) { log(offset, 8); return delegate.getAndAddLong(offset, delta); }
    @Override public long getAndSetLong(long offset, long value) { log(offset, 8); return delegate.getAndSetLong(offset, value); }
    @Override public int getInt(long offset) { reads.add(offset); return delegate.getInt(offset); }
    @Override public void setInt(long offset, int value) { log(offset, 4); delegate.setInt(offset, value); }
    @Override public int getIntAcquire(long offset) { reads.add(offset); return delegate.getIntAcquire(offset); }
    @Override public void setIntRelease(long offset, int value) { log(offset, 4); delegate.setIntRelease(offset, value); }
    @Override public int getIntVolatile(long offset) { reads.add(offset); return delegate.getIntVolatile(offset); }
    @Override public void setIntVolatile(long offset, int value) { log(offset, 4); delegate.setIntVolatile(offset, value); }
    @Override public boolean compareAndSetInt(long offset, int expected, int value) {
        log(offset, 4);
        return delegate.compareAndSetInt(offset, expected, value);
    }
    @Override public int getAndAddInt(long offset, int delta) { log(offset, 4); return delegate.getAndAddInt(offset, delta); }
    @Override public void copyIn(long offset, MemorySegment src, long srcOffset, long bytes) {
        log(offset, bytes);
        delegate.copyIn(offset, src, srcOffset, bytes);
    }
    @Override public void copyOut(long offset, MemorySegment dst, long dstOffset, long bytes) {
        delegate.copyOut(offset, dst, dstOffset, bytes);
    }
    @Override public void copyWithin(long fromOffset, long toOffset, long bytes) {
        log(toOffset, bytes);
        delegate.copyWithin(fromOffset, toOffset, bytes);
    }
    @Override public void zero(long offset, long bytes) { log(offset, bytes); delegate.zero(offset, bytes); }
}
