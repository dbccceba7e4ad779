package org.vdsolab.api.testing;

import org.vdsolab.api.memory.WordMemory;

import java.lang.foreign.MemorySegment;

/**
 * A {@link WordMemory} that forwards every access to another one: the base of test decorators,
 * which override only the accesses they observe or script.
 *
 * <p>Thread-safety: that of the delegate.
 */
public abstract class ForwardingWordMemory implements WordMemory {

    /** The memory every access goes to. */
    protected final WordMemory delegate;

    protected ForwardingWordMemory(WordMemory delegate) {
        this.delegate = delegate;
    }

    @Override public long byteSize() { return delegate.byteSize(); }
    @Override public MemorySegment segment() { return delegate.segment(); }
    @Override public long getLong(long offset) { return delegate.getLong(offset); }
    @Override public void setLong(long offset, long value) { delegate.setLong(offset, value); }
    @Override public long getLongAcquire(long offset) { return delegate.getLongAcquire(offset); }
    @Override public void setLongRelease(long offset, long value) { delegate.setLongRelease(offset, value); }
    @Override public long getLongVolatile(long offset) { return delegate.getLongVolatile(offset); }
    @Override public void setLongVolatile(long offset, long value) { delegate.setLongVolatile(offset, value); }
    @Override public boolean compareAndSetLong(long offset, long expected, long value) {
        return delegate.compareAndSetLong(offset, expected, value);
    }
    @Override public long compareAndExchangeLong(long offset, long expected, long value) {
        return delegate.compareAndExchangeLong(offset, expected, value);
    }
    @Override public long getAndAddLong(long offset, long delta) { return delegate.getAndAddLong(offset, delta); }
    @Override public long getAndSetLong(long offset, long value) { return delegate.getAndSetLong(offset, value); }
    @Override public int getInt(long offset) { return delegate.getInt(offset); }
    @Override public void setInt(long offset, int value) { delegate.setInt(offset, value); }
    @Override public int getIntAcquire(long offset) { return delegate.getIntAcquire(offset); }
    @Override public void setIntRelease(long offset, int value) { delegate.setIntRelease(offset, value); }
    @Override public int getIntVolatile(long offset) { return delegate.getIntVolatile(offset); }
    @Override public void setIntVolatile(long offset, int value) { delegate.setIntVolatile(offset, value); }
    @Override public boolean compareAndSetInt(long offset, int expected, int value) {
        return delegate.compareAndSetInt(offset, expected, value);
    }
    @Override public int getAndAddInt(long offset, int delta) { return delegate.getAndAddInt(offset, delta); }
    @Override public void copyIn(long offset, MemorySegment src, long srcOffset, long bytes) {
        delegate.copyIn(offset, src, srcOffset, bytes);
    }
    @Override public void copyOut(long offset, MemorySegment dst, long dstOffset, long bytes) {
        delegate.copyOut(offset, dst, dstOffset, bytes);
    }
    @Override public void copyWithin(long fromOffset, long toOffset, long bytes) {
        delegate.copyWithin(fromOffset, toOffset, bytes);
    }
    @Override public void zero(long offset, long bytes) { delegate.zero(offset, bytes); }
}
