package org.vdsolab.api.memory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * {@link WordMemory} over a {@link MemorySegment}: the backend of real runs, where the segment is
 * a file mapping shared by every domain (see {@link SharedRegion}).
 *
 * <p>Every access goes through a {@code static final} VarHandle with a (segment, offset)
 * coordinate pair, which the JIT turns into a plain or fenced machine access. Thread-safe as
 * described by {@link WordMemory}.
 */
public final class SegmentWordMemory implements WordMemory {

    // Aligned layouts: the VarHandle then supports every atomic access mode.
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment segment;

    public SegmentWordMemory(MemorySegment segment) {
        this.segment = Objects.requireNonNull(segment, "segment");
        if (segment.isNative() && (segment.address() & 7) != 0) {
            throw new IllegalArgumentException("segment base address " + segment.address() + " is not 8-byte aligned");
        }
    }

    @Override public long byteSize() { return segment.byteSize(); }
    @Override public MemorySegment segment() { return segment; }

    @Override public long getLong(long offset) { return (long) LONG.get(segment, offset); }
    @Override public void setLong(long offset, long value) { LONG.set(segment, offset, value); }
    @Override public long getLongAcquire(long offset) { return (long) LONG.getAcquire(segment, offset); }
    @Override public void setLongRelease(long offset, long value) { LONG.setRelease(segment, offset, value); }
    @Override public long getLongVolatile(long offset) { return (long) LONG.getVolatile(segment, offset); }
    @Override public void setLongVolatile(long offset, long value) { LONG.setVolatile(segment, offset, value); }
    @Override public boolean compareAndSetLong(long offset, long expected, long value) {
        return LONG.compareAndSet(segment, offset, expected, value);
    }
    @Override public long compareAndExchangeLong(long offset, long expected, long value) {
        return (long) LONG.compareAndExchange(segment, offset, expected, value);
    }
    @Override public long getAndAddLong(long offset, long delta) { return (long) LONG.getAndAdd(segment, offset, delta); }
    @Override public long getAndSetLong(long offset, long value) { return (long) LONG.getAndSet(segment, offset, value); }

    @Override public int getInt(long offset) { return (int) INT.get(segment, offset); }
    @Override public void setInt(long offset, int value) { INT.set(segment, offset, value); }
    @Override public int getIntAcquire(long offset) { return (int) INT.getAcquire(segment, offset); }
    @Override public void setIntRelease(long offset, int value) { INT.setRelease(segment, offset, value); }
    @Override public int getIntVolatile(long offset) { return (int) INT.getVolatile(segment, offset); }
    @Override public void setIntVolatile(long offset, int value) { INT.setVolatile(segment, offset, value); }
    @Override public boolean compareAndSetInt(long offset, int expected, int value) {
        return INT.compareAndSet(segment, offset, expected, value);
    }
    @Override public int getAndAddInt(long offset, int delta) { return (int) INT.getAndAdd(segment, offset, delta); }

    /** A segment slice: the view is itself a {@code SegmentWordMemory}, with no forwarding. */
    @Override public WordMemory slice(long offset, long length) {
        checkAligned(offset, length, 8);
        return new SegmentWordMemory(segment.asSlice(offset, length));
    }

    @Override public void copyIn(long offset, MemorySegment src, long srcOffset, long bytes) {
        MemorySegment.copy(src, srcOffset, segment, offset, bytes);
    }

    @Override public void copyOut(long offset, MemorySegment dst, long dstOffset, long bytes) {
        MemorySegment.copy(segment, offset, dst, dstOffset, bytes);
    }

    @Override public void copyWithin(long fromOffset, long toOffset, long bytes) {
        MemorySegment.copy(segment, fromOffset, segment, toOffset, bytes);
    }

    @Override public void zero(long offset, long bytes) {
        segment.asSlice(offset, bytes).fill((byte) 0);
    }
}
