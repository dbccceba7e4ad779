package org.vdsolab.api.queue;

import org.vdsolab.api.memory.WordMemory;

import java.nio.charset.StandardCharsets;

/**
 * The 64-byte header every queue writes at its base offset, so that a domain attaching to it can
 * check it is the design and shape it expects. Shared by all providers (one format, one checker).
 *
 * <pre>
 *   0  magic        long  "VQ" + a 48-bit hash of the provider name; stored last, with release
 *   8  capacity     int
 *  12  recordBytes  int
 *  16  producers    int
 *  20  consumers    int
 *  24  footprint    long  bytes the queue occupies, header included
 *  32..63 reserved
 * </pre>
 */
public final class QueueHeader {

    /** Bytes reserved for the header; a queue's own words start at {@code offset + BYTES}. */
    public static final int BYTES = 64;

    private static final long OFF_MAGIC = 0;
    private static final long OFF_CAPACITY = 8;
    private static final long OFF_RECORD_BYTES = 12;
    private static final long OFF_PRODUCERS = 16;
    private static final long OFF_CONSUMERS = 20;
    private static final long OFF_FOOTPRINT = 24;

    private QueueHeader() { }

    /** The magic for a provider name: 'V','Q' in the top bytes, then a 48-bit FNV-1a hash of the name. */
    public static long magic(String provider) {
        long h = 0xcbf29ce484222325L;
        for (byte b : provider.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xFF);
            h *= 0x100000001b3L;
        }
        return (0x5651L << 48) | (h & 0xFFFF_FFFF_FFFFL);
    }

    /**
     * Checks that {@code [offset, offset+footprint)} is inside {@code memory} and aligned to
     * {@link QueueProvider#ALIGNMENT}, zeroes it, and writes the header (magic last, release).
     */
    public static void write(WordMemory memory, long offset, String provider, QueueSpec spec, long footprint) {
        memory.checkAligned(offset, footprint, QueueProvider.ALIGNMENT);
        memory.zero(offset, footprint);
        memory.setInt(offset + OFF_CAPACITY, spec.capacity());
        memory.setInt(offset + OFF_RECORD_BYTES, spec.recordBytes());
        memory.setInt(offset + OFF_PRODUCERS, spec.producers());
        memory.setInt(offset + OFF_CONSUMERS, spec.consumers());
        memory.setLong(offset + OFF_FOOTPRINT, footprint);
        memory.setLongRelease(offset + OFF_MAGIC, magic(provider));
    }

    /**
     * Checks that a queue of design {@code provider} and shape {@code spec} was created at
     * {@code offset}.
     *
     * @throws IllegalStateException naming the first field that differs, with both values
     */
    public static void verify(WordMemory memory, long offset, String provider, QueueSpec spec, long footprint) {
        memory.checkAligned(offset, footprint, QueueProvider.ALIGNMENT);
        long magic = memory.getLongAcquire(offset + OFF_MAGIC);
        if (magic == 0) {
            throw new IllegalStateException("no queue at offset " + offset + ": its header is zero (not created yet?)");
        }
        if (magic != magic(provider)) {
            throw new IllegalStateException(String.format(
                    "the queue at offset %d is not a '%s' queue (magic %016x, expected %016x)", offset, provider, magic,
                    magic(provider)));
        }
        mismatch(offset, "capacity", memory.getInt(offset + OFF_CAPACITY), spec.capacity());
        mismatch(offset, "recordBytes", memory.getInt(offset + OFF_RECORD_BYTES), spec.recordBytes());
        mismatch(offset, "producers", memory.getInt(offset + OFF_PRODUCERS), spec.producers());
        mismatch(offset, "consumers", memory.getInt(offset + OFF_CONSUMERS), spec.consumers());
        mismatch(offset, "footprint", memory.getLong(offset + OFF_FOOTPRINT), footprint);
    }

    private static void mismatch(long offset, String field, long found, long expected) {
        if (found != expected) {
            throw new IllegalStateException("the queue at offset " + offset + " was created with " + field + " " + found
                    + ", this domain expects " + expected);
        }
    }
}
