package org.vdsolab.experiments.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The private state of one producer or consumer of a {@link BenchChannel}: its record sequence,
 * the digest of what it read, and a "busy" flag a producer raises around an offer that may wait.
 * Padded on both sides (128 bytes, the adjacent-line prefetch pair) through the class hierarchy,
 * which HotSpot lays out superclass first, so two parties never share a cache line.
 * Not thread-safe: owned by one thread; only {@link #busy()} may be read by others.
 */
public final class Party extends PartyFields {

    private static final VarHandle BUSY;

    static {
        try {
            BUSY = MethodHandles.lookup().findVarHandle(PartyFields.class, "busy", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused")
    private long q0, q1, q2, q3, q4, q5, q6, q7, q8, q9, q10, q11, q12, q13, q14, q15;

    /** The next sequence number, then advances it. */
    public long nextSeq() {
        return seq++;
    }

    /** Adds a read digest to the checksum. */
    public void absorb(long digest) {
        checksum += digest;
    }

    public long checksum() {
        return checksum;
    }

    /**
     * Raises or lowers the busy flag. Opaque: the owner's two stores around an offer must not be
     * merged or dropped by the JIT, and a settling consumer must eventually see them; no ordering
     * with other memory is needed, so nothing stronger (on x86 this is a plain store).
     */
    public void busy(boolean value) {
        BUSY.setOpaque(this, value);
    }

    /** Whether the owner is inside an offer (opaque read: see {@link #busy(boolean)}). */
    public boolean busy() {
        return (boolean) BUSY.getOpaque(this);
    }
}

/** Left padding of {@link Party}. */
class PartyPad {
    @SuppressWarnings("unused")
    private long p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15;
}

/** The fields of {@link Party}, between its paddings. */
class PartyFields extends PartyPad {
    long seq;
    long checksum;
    boolean busy;
}
