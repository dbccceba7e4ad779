package org.vdsolab.api.memory;

import java.lang.foreign.MemorySegment;

/**
 * Word-level access to a block of memory addressed by byte offsets: the one interface every
 * shared-memory algorithm in vdsolab is written against.
 *
 * <p>Two backends implement it: {@link SegmentWordMemory}, over a (usually file-mapped)
 * {@link MemorySegment}, which is what real runs use; and {@link HeapWordMemory}, over a heap
 * {@code long[]}, which exists so that Lincheck's model checker (blind to off-heap accesses, see
 * docs/ARCHITECTURE.md) can explore the interleavings of the very same algorithm code.
 *
 * <p>Contract:
 * <ul>
 *   <li>Offsets are bytes from the start of this memory. A {@code long} word must be 8-byte
 *       aligned and an {@code int} word 4-byte aligned. Alignment is the caller's duty, checked
 *       once when an area is laid out ({@link #checkAligned}); accesses do not re-check it beyond
 *       what the underlying VarHandle does.</li>
 *   <li>Memory-ordering names follow {@link java.lang.invoke.VarHandle}: plain, acquire/release,
 *       volatile; compare-and-set and get-and-add are volatile-strength.</li>
 *   <li>Nothing stored here is a Java reference or an absolute address: only offsets, indices and
 *       data, so the same bytes mean the same thing in every domain that maps them.</li>
 * </ul>
 *
 * <p>Thread-safety: all methods may be called from any thread; the atomicity and ordering of each
 * call is exactly that of its access mode. {@link #copyIn}/{@link #copyOut} are plain accesses
 * and need an ordering word (a release store after writing, an acquire load before reading) to
 * be seen consistently by another thread or process.
 */
public interface WordMemory {

    /** Size in bytes. */
    long byteSize();

    /**
     * Byte-level view for plain accesses to record payloads (flyweights such as
     * {@link org.vdsolab.api.record.SqeView} read and write through it). Never allocates: the
     * same segment is returned on every call.
     */
    MemorySegment segment();

    long getLong(long offset);

    void setLong(long offset, long value);

    long getLongAcquire(long offset);

    void setLongRelease(long offset, long value);

    long getLongVolatile(long offset);

    void setLongVolatile(long offset, long value);

    boolean compareAndSetLong(long offset, long expected, long value);

    long compareAndExchangeLong(long offset, long expected, long value);

    long getAndAddLong(long offset, long delta);

    long getAndSetLong(long offset, long value);

    int getInt(long offset);

    void setInt(long offset, int value);

    int getIntAcquire(long offset);

    void setIntRelease(long offset, int value);

    int getIntVolatile(long offset);

    void setIntVolatile(long offset, int value);

    boolean compareAndSetInt(long offset, int expected, int value);

    int getAndAddInt(long offset, int delta);

    /**
     * Plain copy of {@code bytes} bytes (a multiple of 8) from {@code src} at {@code srcOffset}
     * into this memory at {@code offset} (8-byte aligned).
     */
    void copyIn(long offset, MemorySegment src, long srcOffset, long bytes);

    /** Plain copy of {@code bytes} bytes (a multiple of 8) from this memory into {@code dst}. */
    void copyOut(long offset, MemorySegment dst, long dstOffset, long bytes);

    /** Plain copy inside this memory, {@code bytes} a multiple of 8, offsets 8-byte aligned. */
    void copyWithin(long fromOffset, long toOffset, long bytes);

    /** Plain fill of {@code bytes} bytes (a multiple of 8) at {@code offset} with zero. */
    void zero(long offset, long bytes);

    /**
     * A view of {@code [offset, offset + length)} of this memory in which {@code offset} is 0:
     * bounds and alignment are checked here, once; accesses through the view allocate nothing.
     * Lets an algorithm that lays itself out from offset 0 live inside an area of a larger region.
     * The default forwards through {@link SliceWordMemory}; a backend may return a cheaper view of
     * the same bytes with the same behaviour.
     *
     * @throws IllegalArgumentException if the range lies outside this memory or {@code offset} is
     *                                  not a multiple of 8
     */
    default WordMemory slice(long offset, long length) {
        return new SliceWordMemory(this, offset, length);
    }

    /**
     * Checks, once and outside any hot path, that {@code [offset, offset+length)} lies in this
     * memory and that {@code offset} is a multiple of {@code alignment}.
     *
     * @throws IllegalArgumentException naming the offset, length and alignment that failed
     */
    default void checkAligned(long offset, long length, long alignment) {
        if (alignment <= 0 || Long.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("alignment must be a power of two, got " + alignment);
        }
        if (offset < 0 || length < 0 || offset > byteSize() - length) {
            throw new IllegalArgumentException("area [" + offset + ", " + (offset + length)
                    + ") lies outside this memory of " + byteSize() + " bytes");
        }
        if ((offset & (alignment - 1)) != 0) {
            throw new IllegalArgumentException("offset " + offset + " is not aligned to " + alignment + " bytes");
        }
    }
}
