package org.vdsolab.api.memory;

import java.lang.foreign.MemorySegment;

/**
 * A {@link WordMemory} view of {@code [base, base + length)} of another one: offset 0 of the view
 * is {@code base} of the parent, so an algorithm that lays itself out from offset 0 (a queue, an
 * io_uring, a scheduler) runs unchanged inside an area of a larger region, e.g. a vDSO library's
 * raw shared array ({@code <field>Area()} of a generated {@code <Shared>Vvar}).
 *
 * <p>The bounds and the base's 8-byte alignment are checked once, at creation ({@link
 * WordMemory#slice}); an access only adds the base and forwards, allocating nothing, with the
 * parent's exact access mode. Like the parent, a long word of the view must be 8-byte aligned
 * and an int word 4-byte aligned; accesses outside the view are not re-checked per call beyond
 * what the parent checks (the parent still refuses anything outside itself). {@link #segment()}
 * is the matching slice of the parent's segment, created once.
 *
 * <p>Used for any backend through {@link WordMemory#slice}; {@link SegmentWordMemory} overrides it
 * with a segment slice (no forwarding at all). Thread-safety: as the parent; the view is immutable.
 */
public final class SliceWordMemory implements WordMemory {

    private final WordMemory parent;
    private final long base;
    private final long length;
    private final MemorySegment segment;

    /**
     * A view of {@code [base, base + length)} of {@code parent}.
     *
     * @throws IllegalArgumentException if the range lies outside the parent or {@code base} is not
     *                                  a multiple of 8 (the message names both)
     */
    public SliceWordMemory(WordMemory parent, long base, long length) {
        parent.checkAligned(base, length, 8);
        this.parent = parent;
        this.base = base;
        this.length = length;
        this.segment = parent.segment().asSlice(base, length);
    }

    /** The memory this is a view of. */
    public WordMemory parent() { return parent; }

    /** Where offset 0 of this view lies in {@link #parent()}. */
    public long base() { return base; }

    @Override public long byteSize() { return length; }
    @Override public MemorySegment segment() { return segment; }

    @Override public long getLong(long offset) { return parent.getLong(base + offset); }
    @Override public void setLong(long offset, long value) { parent.setLong(base + offset, value); }
    @Override public long getLongAcquire(long offset) { return parent.getLongAcquire(base + offset); }
    @Override public void setLongRelease(long offset, long value) { parent.setLongRelease(base + offset, value); }
    @Override public long getLongVolatile(long offset) { return parent.getLongVolatile(base + offset); }
    @Override public void setLongVolatile(long offset, long value) { parent.setLongVolatile(base + offset, value); }
    @Override public boolean compareAndSetLong(long offset, long expected, long value) {
        return parent.compareAndSetLong(base + offset, expected, value);
    }
    @Override public long compareAndExchangeLong(long offset, long expected, long value) {
        return parent.compareAndExchangeLong(base + offset, expected, value);
    }
    @Override public long getAndAddLong(long offset, long delta) { return parent.getAndAddLong(base + offset, delta); }
    @Override public long getAndSetLong(long offset, long value) { return parent.getAndSetLong(base + offset, value); }

    @Override public int getInt(long offset) { return parent.getInt(base + offset); }
    @Override public void setInt(long offset, int value) { parent.setInt(base + offset, value); }
    @Override public int getIntAcquire(long offset) { return parent.getIntAcquire(base + offset); }
    @Override public void setIntRelease(long offset, int value) { parent.setIntRelease(base + offset, value); }
    @Override public int getIntVolatile(long offset) { return parent.getIntVolatile(base + offset); }
    @Override public void setIntVolatile(long offset, int value) { parent.setIntVolatile(base + offset, value); }
    @Override public boolean compareAndSetInt(long offset, int expected, int value) {
        return parent.compareAndSetInt(base + offset, expected, value);
    }
    @Override public int getAndAddInt(long offset, int delta) { return parent.getAndAddInt(base + offset, delta); }

    @Override public void copyIn(long offset, MemorySegment src, long srcOffset, long bytes) {
        parent.copyIn(base + offset, src, srcOffset, bytes);
    }

    @Override public void copyOut(long offset, MemorySegment dst, long dstOffset, long bytes) {
        parent.copyOut(base + offset, dst, dstOffset, bytes);
    }

    @Override public void copyWithin(long fromOffset, long toOffset, long bytes) {
        parent.copyWithin(base + fromOffset, base + toOffset, bytes);
    }

    @Override public void zero(long offset, long bytes) { parent.zero(base + offset, bytes); }

    /** A slice of this slice is a slice of the parent: views never stack up. */
    @Override public WordMemory slice(long offset, long length) {
        checkAligned(offset, length, 8);
        return parent.slice(base + offset, length);
    }
}
